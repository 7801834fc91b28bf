import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { API_BASE_PATH, type NumbersResponse } from "../../../protocol/index.ts";
import { getJson } from "../../lib/http.ts";

/** GET /numbers's parameters, as the page sends them (blank ones left out). */
export interface NumbersFilters {
  teamId: string;
  since?: string;
  until?: string;
  compareAt?: string;
}

export const numbersKeys = { all: ["numbers"] as const };

export function numbersPath(f: NumbersFilters): string {
  const q = new URLSearchParams({ teamId: f.teamId });
  if (f.since !== undefined) q.set("since", f.since);
  if (f.until !== undefined) q.set("until", f.until);
  if (f.compareAt !== undefined) q.set("compareAt", f.compareAt);
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
