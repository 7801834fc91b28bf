/** Loop 2 PII redaction for exports and training material (docs/LOOP2.md). */
export {
  PII_TYPES,
  PiiInputError,
  redactPii,
  type PiiSpan,
  type PiiType,
  type RedactOptions,
  type RedactResult,
} from "./redactPii.ts";
export { FIRST_NAMES } from "./firstNames.ts";
export {
  measurePiiRedaction,
  PRESIDIO_TYPE_MAP,
  type LabelledPiiText,
  type PiiMeasurement,
  type PiiTypeMetrics,
} from "./measurePii.ts";
