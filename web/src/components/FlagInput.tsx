import type { Flag } from '../lib/api/types';

interface FlagInputProps {
  flag: Flag;
  value: string;
  onChange(value: string): void;
  problem?: string;
  /** Element ids start with it: a page with two forms of flags gives each its own. */
  idPrefix?: string;
}

/** One flag's input, by kind: a checkbox for a boolean, a select of the choices, a text field (with its pattern
 *  said beside it). A required flag says so in its label. Used by the push form and the schedule form. */
export function FlagInput({ flag: f, value, onChange, problem, idPrefix = 'flag' }: FlagInputProps) {
  const id = `${idPrefix}-${f.varname}`;
  const help = f.description || (f.kind === 'text' && f.pattern) ? `${id}-help` : null;
  const describedBy = [help, problem ? `${id}-problem` : null].filter(Boolean).join(' ') || undefined;
  const label = (
    <label htmlFor={id}>
      {f.name}
      {f.required && <span className="muted"> (required)</span>}
    </label>
  );
  const common = {
    id,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': f.required ? true : undefined,
  } as const;
  return (
    <div className="field">
      {f.kind === 'boolean' ? (
        <>
          <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />
          {label}
        </>
      ) : f.kind === 'choice' ? (
        <>
          {label}
          <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
            {(f.required || !f.choices.includes(value)) && (
              <option value="" disabled={f.required && value !== ''}>
                Choose…
              </option>
            )}
            {f.choices.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </>
      ) : (
        <>
          {label}
          <input {...common} value={value} onChange={(e) => onChange(e.target.value)} />
        </>
      )}
      {help && (
        <small id={help}>
          {f.description}
          {f.description && ' '}(<code>{f.varname}</code>)
          {f.kind === 'text' && f.pattern && (
            <>
              {' '}
              — must match <code>{f.pattern}</code>
            </>
          )}
        </small>
      )}
      {problem && (
        <span id={`${id}-problem`} role="alert" className="error">
          {f.name}: {problem}
        </span>
      )}
    </div>
  );
}
