import { useId, useRef, useState, type FormEvent } from 'react';
import { Field, FieldProblem } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import { isEmpty, problemAt, type Problems } from '../../../lib/forms';
import type { Setting } from '../../../lib/api/types';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { usePutSetting } from '../api/settings';
import { validateSetting, validateSettingValue } from '../lib/settingForm';

interface Props {
  id: number;
  /** Set to change a setting's value; absent to add one. */
  existing?: Setting;
  onDone?(): void;
}

/** Adds a setting or gives one a new value. The value field is uncontrolled on purpose: a secret typed into it
 *  is read once on submit and never held in React state or written into the markup as an attribute. */
export function SettingForm({ id, existing, onDone }: Props) {
  const [name, setName] = useState('');
  const [secret, setSecret] = useState(existing?.secret ?? false);
  const [typed, setTyped] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const value = useRef<HTMLInputElement>(null);
  const valueId = useId();
  const secretId = useId();
  const put = usePutSetting(id);
  useUnsavedChanges(typed || name !== '');

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const v = value.current?.value ?? '';
    const target = existing?.name ?? name;
    const found = existing ? validateSettingValue(v) : validateSetting(name, v);
    setProblems(found);
    if (!isEmpty(found)) return;
    put.mutate(
      { name: target, value: v, secret },
      {
        onSuccess: () => {
          form.reset();
          setName('');
          setTyped(false);
          onDone?.();
        },
      },
    );
  }
  const title = existing ? `Change ${existing.name}` : 'Add a setting';
  const valueProblem = problemAt(problems, put.error, 'value');
  return (
    <form onSubmit={submit} aria-label={title} className="panel" autoComplete="off">
      <h3>{title}</h3>
      {!existing && (
        <Field
          label="Setting name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          problem={problemAt(problems, put.error, 'name')}
          hint="An environment variable name, e.g. DB_HOST."
        />
      )}
      <div className="field">
        <label htmlFor={valueId}>{existing ? `New value of ${existing.name}` : 'Value'}</label>
        <input
          id={valueId}
          ref={value}
          defaultValue={existing && !existing.secret ? (existing.value ?? '') : undefined}
          type={secret ? 'password' : 'text'}
          autoComplete={secret ? 'new-password' : 'off'}
          onInput={() => setTyped(true)}
          aria-invalid={valueProblem ? true : undefined}
          aria-describedby={valueProblem ? `${valueId}-problem` : undefined}
        />
        <FieldProblem id={`${valueId}-problem`} label="Value" problem={valueProblem} />
      </div>
      <div className="field">
        <input id={secretId} type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
        <label htmlFor={secretId}>Secret (write-only: never shown again, not even to you)</label>
      </div>
      <FormError error={put.error} fields={['name', 'value']} />
      <button type="submit" disabled={put.isPending}>
        {existing ? 'Save' : 'Add setting'}
      </button>
      {onDone && (
        <>
          {' '}
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        </>
      )}
    </form>
  );
}
