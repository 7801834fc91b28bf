import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { API_BASE_PATH, type AgentNumbersResponse, type NumbersResponse } from "../../../protocol/index.ts";
import { getJson } from "../../lib/http.ts";

/** GET /numbers's parameters, as the page sends them (blank ones left out). */
export interface NumbersFilters {
  teamId: string;
  since?: string;
  until?: string;
  compareAt?: string;
  /** The reader's time zone (IANA): days and weeks from its local midnights. */
  timeZone?: string;
}

export const numbersKeys = { all: ["numbers"] as const };

export function numbersPath(f: NumbersFilters): string {
  const q = new URLSearchParams({ teamId: f.teamId });
  if (f.since !== undefined) q.set("since", f.since);
  if (f.until !== undefined) q.set("until", f.until);
  if (f.compareAt !== undefined) q.set("compareAt", f.compareAt);
  if (f.timeZone !== undefined) q.set("timeZone", f.timeZone);
  return `${API_BASE_PATH}/numbers?${q.toString()}`;
}

/**
 * A team's numbers. The previous range stays on screen while a new one loads (the charts do not
 * blink to "Loading…" at each date change).
 */
export const useNumbers = (f: NumbersFilters | null) =>
  useQuery({
    queryKey: [...numbersKeys.all, f],
    queryFn: () => getJson<NumbersResponse>(numbersPath(f as NumbersFilters)),
    enabled: f !== null,
    placeholderData: keepPreviousData,
  });

/** GET /numbers/people/:personId: one person's own numbers over a range (blank ends: the server's default). */
export function agentNumbersPath(
  personId: string,
  range: { since?: string; until?: string; timeZone?: string },
): string {
  const q = new URLSearchParams();
  if (range.timeZone !== undefined) q.set("timeZone", range.timeZone);
  if (range.since !== undefined) q.set("since", range.since);
  if (range.until !== undefined) q.set("until", range.until);
  const qs = q.toString();
  return `${API_BASE_PATH}/numbers/people/${encodeURIComponent(personId)}${qs === "" ? "" : `?${qs}`}`;
}

/** One person's own numbers ("My numbers"); the previous range stays on screen while a new one loads. */
export const useAgentNumbers = (
  personId: string | undefined,
  range: { since?: string; until?: string; timeZone?: string },
) =>
  useQuery({
    queryKey: [...numbersKeys.all, "person", personId, range],
    queryFn: () => getJson<AgentNumbersResponse>(agentNumbersPath(personId as string, range)),
    enabled: personId !== undefined,
    placeholderData: keepPreviousData,
  });
