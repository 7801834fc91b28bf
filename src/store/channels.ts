import { StoreError } from "./errors.ts";

const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** LISTEN takes an identifier, not a parameter: only plain lower-case names are accepted. */
export function assertChannelName(channel: string): void {
  if (!CHANNEL_PATTERN.test(channel)) {
    throw new StoreError(
      "INVALID_INPUT",
      `channel name ${JSON.stringify(channel)} must match ${CHANNEL_PATTERN.source}`,
    );
  }
}
