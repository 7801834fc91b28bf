// MAIA-DQE (Mendonça et al., GEM 2023; CC BY-ND 4.0 — measure only): real customer-support chats.
// Customer turns ("inbound") were written in DE/PT and machine-translated to English in `text_mt`;
// agent turns ("outbound") were written in English in `text_src`. We read the English side of both.
import { readFileSync } from "node:fs";
import { requireDataset, resolveDatasetPath } from "./paths.ts";

/** Sentence emotion labels, index = the number in the files (`emotion/labels.txt`). */
export const MAIA_EMOTIONS = [
  "empathy",
  "happiness",
  "neutral",
  "disappointment",
  "confusion",
  "frustration",
  "anger",
  "anxiety",
] as const;
export type MaiaEmotion = (typeof MAIA_EMOTIONS)[number];
export type MaiaSplit = "train" | "val" | "test";

export interface MaiaSentence {
  text: string;
  emotion: MaiaEmotion;
}
export interface MaiaTurn {
  role: "customer" | "agent";
  sentences: MaiaSentence[];
  /** The English sentences joined with spaces: what the engine sees as one message. */
  text: string;
}
export interface MaiaDialogue {
  id: string;
  subset: string;
  split: MaiaSplit;
  turns: MaiaTurn[];
  /** 1 when the customer dropped the conversation; null where the label is missing or invalid. */
  dropped: 0 | 1 | null;
  taskSuccess: number | null;
}

/** Subset file → its official split file (`de_client_01`, split dDE1, is missing upstream). */
const SUBSETS: readonly { file: string; splits: string }[] = [
  { file: "de_client_02_a.json", splits: "dDE2_splits_a.json" },
  { file: "pt_br_client_02_a.json", splits: "dBR1_splits_a.json" },
  { file: "pt_br_client_04_a.json", splits: "dBR2_splits_a.json" },
  { file: "pt_pt_client_03_a.json", splits: "dPT_splits_a.json" },
];

interface RawTurn {
  text_mt: string[];
  text_src: string[];
  floor: "inbound" | "outbound";
  Emotion: number[];
}
interface RawDialogue {
  id: string;
  turns: RawTurn[];
  dialog?: { "Dropped conversation"?: number | null; "Task Sucess"?: number | null };
}

/** Loads the annotated MAIA-DQE dialogues (242) with their official train/val/test split. */
export function loadMaiaDialogues(): MaiaDialogue[] {
  requireDataset("maia_dqe");
  const out: MaiaDialogue[] = [];
  for (const subset of SUBSETS) {
    const file = resolveDatasetPath("maia_dqe", "emotion", subset.file);
    const raw = JSON.parse(readFileSync(file, "utf8")) as RawDialogue[];
    const splitFile = resolveDatasetPath("maia_dqe", "emotion", subset.splits);
    const splits = JSON.parse(readFileSync(splitFile, "utf8")) as Record<MaiaSplit, string[]>;
    const splitOf = new Map<string, MaiaSplit>();
    for (const split of ["train", "val", "test"] as const)
      for (const id of splits[split]) splitOf.set(id, split);
    for (const dialogue of raw) {
      const split = splitOf.get(dialogue.id);
      if (split === undefined)
        throw new Error(`${file}: dialogue ${dialogue.id} is in no split of ${splitFile}`);
      const turns = dialogue.turns.map((turn, turnIndex): MaiaTurn => {
        const role = turn.floor === "inbound" ? "customer" : "agent";
        const english = role === "customer" ? turn.text_mt : turn.text_src;
        const sentences = english.map((text, i): MaiaSentence => {
          const emotion = MAIA_EMOTIONS[turn.Emotion[i] ?? -1];
          if (emotion === undefined) {
            throw new Error(`${file}: ${dialogue.id} turn ${turnIndex} sentence ${i}: bad Emotion label`);
          }
          return { text, emotion };
        });
        return { role, sentences, text: english.join(" ") };
      });
      const droppedRaw = dialogue.dialog?.["Dropped conversation"];
      const dropped = droppedRaw === 0 ? 0 : droppedRaw === 1 ? 1 : null;
      const success = dialogue.dialog?.["Task Sucess"];
      out.push({
        id: dialogue.id,
        subset: subset.file.replace(/_a\.json$/, ""),
        split,
        turns,
        dropped,
        taskSuccess: typeof success === "number" ? success : null,
      });
    }
  }
  return out;
}
