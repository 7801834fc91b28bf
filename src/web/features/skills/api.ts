import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import {
  API_BASE_PATH,
  type CreatePairingBody,
  type mentorshipResponseSchema,
  type pairingResponseSchema,
  type skillMapResponseSchema,
  type skillPeopleResponseSchema,
} from "../../../protocol/index.ts";
import { getJson, postJson } from "../../lib/http.ts";

export const skillKeys = { all: ["skills"] as const };

/** The period a page asks for; both ends optional (the server's default: the last 90 days). */
export interface SkillPeriod {
  since?: string;
  until?: string;
}

const withPeriod = (path: string, period: SkillPeriod): string => {
  const q = new URLSearchParams();
  if (period.since !== undefined) q.set("since", period.since);
  if (period.until !== undefined) q.set("until", period.until);
  const qs = q.toString();
  return qs === "" ? path : `${path}?${qs}`;
};

export const skillsApi = {
  people: () => getJson<z.infer<typeof skillPeopleResponseSchema>>(`${API_BASE_PATH}/skills/people`),
  map: (personId: string, period: SkillPeriod) =>
    getJson<z.infer<typeof skillMapResponseSchema>>(
      withPeriod(`${API_BASE_PATH}/skills/people/${encodeURIComponent(personId)}`, period),
    ),
  mentorship: (teamId: string, period: SkillPeriod) =>
    getJson<z.infer<typeof mentorshipResponseSchema>>(
      withPeriod(`${API_BASE_PATH}/skills/teams/${encodeURIComponent(teamId)}/mentorship`, period),
    ),
  agree: (body: CreatePairingBody) =>
    postJson<z.infer<typeof pairingResponseSchema>>(`${API_BASE_PATH}/skills/pairings`, body),
  end: (id: string) =>
    postJson<z.infer<typeof pairingResponseSchema>>(
      `${API_BASE_PATH}/skills/pairings/${encodeURIComponent(id)}/end`,
    ),
};

export const useSkillPeople = () =>
  useQuery({
    queryKey: [...skillKeys.all, "people"],
    queryFn: () => skillsApi.people().then((r) => r.people),
  });
export const useSkillMap = (personId: string | undefined, period: SkillPeriod) =>
  useQuery({
    queryKey: [...skillKeys.all, "map", personId ?? "", period.since ?? "", period.until ?? ""],
    queryFn: () => skillsApi.map(personId ?? "", period).then((r) => r.skillMap),
    enabled: personId !== undefined,
  });
export const useMentorship = (teamId: string | undefined, period: SkillPeriod) =>
  useQuery({
    queryKey: [...skillKeys.all, "mentorship", teamId ?? "", period.since ?? "", period.until ?? ""],
    queryFn: () => skillsApi.mentorship(teamId ?? "", period),
    enabled: teamId !== undefined,
  });
