import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  /** What is wrong with the value, shown beside it and announced. */
  problem?: string;
  hint?: ReactNode;
}

/** A labelled input with its hint and its problem tied to it (aria-describedby), so both are read out. */
export function Field({ label, problem, hint, ...input }: Props) {
  const id = useId();
  const described = [hint ? `${id}-hint` : null, problem ? `${id}-problem` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={problem ? true : undefined} aria-describedby={described || undefined} {...input} />
      {hint && <small id={`${id}-hint`}>{hint}</small>}
      <FieldProblem id={`${id}-problem`} label={label} problem={problem} />
    </div>
  );
}

export function FieldProblem({ id, label, problem }: { id?: string; label: string; problem?: string }) {
  if (!problem) return null;
  return (
    <span id={id} role="alert" className="error">
      <span aria-hidden="true">⚠ </span>
      {label}: {problem}
    </span>
  );
}
