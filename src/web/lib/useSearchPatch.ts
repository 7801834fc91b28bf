import { useSearchParams } from "wouter";

/**
 * The page's filters in its address: the query string, and a setter that changes some of them.
 * An empty value (or one the page calls its default) leaves the address, so a plain link stays
 * plain. The address is replaced, not pushed: Back leaves the page instead of undoing each change.
 */
export function useSearchPatch(
  isDefault: (key: string, value: string) => boolean = () => false,
): [URLSearchParams, (patch: Record<string, string>) => void, (only?: Record<string, string>) => void] {
  const [params, setParams] = useSearchParams();
  const set = (patch: Record<string, string>): void =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(patch)) {
          if (value === "" || isDefault(key, value)) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  /** Clears the filters, keeping only `only` (say, the team). */
  const reset = (only: Record<string, string> = {}): void => setParams(only, { replace: true });
  return [params, set, reset];
}
