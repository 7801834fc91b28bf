import { useId } from "react";

/** A row of toggle buttons choosing one value; each button says whether it is pressed. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  // An id made from the label ("seg-Which feedback") held a space, so aria-labelledby named two
  // ids that do not exist and the group had no name.
  const labelId = useId();
  return (
    <div className="field">
      <span id={labelId}>{label}</span>
      <div className="segmented" role="group" aria-labelledby={labelId}>
        {options.map((o) => (
          <button
            key={o.value}
            type="button"
            aria-pressed={o.value === value}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </button>
        ))}
      </div>
    </div>
  );
}
