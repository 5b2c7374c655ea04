import { useState } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import type { Application, Category } from '../../../lib/api/types';
import {
  useAddApplication,
  useDeleteApplication,
  useDeleteCategory,
  useRenameApplication,
  useRenameCategory,
} from '../api/catalog';
import { NameForm } from './NameForm';

export function CategoryItem({ category: c, applications }: { category: Category; applications: Application[] }) {
  const rename = useRenameCategory(c.id);
  const remove = useDeleteCategory(c.id);
  const add = useAddApplication(c.id);
  const [renaming, setRenaming] = useState(false);
  return (
    <li aria-label={`Category ${c.name}`}>
      <strong>{c.name}</strong>{' '}
      <Actions
        what={`category ${c.name}`}
        onRename={() => setRenaming(true)}
        onDelete={() => remove.mutate()}
        error={remove.error}
      />
      {renaming && (
        <NameForm
          title={`Rename category ${c.name}`}
          label="New name"
          initial={c.name}
          schema="CategoryInput"
          submitLabel="Rename"
          pending={rename.isPending}
          error={rename.error}
          onSubmit={(name) => rename.mutate(name, { onSuccess: () => setRenaming(false) })}
          onCancel={() => setRenaming(false)}
        />
      )}
      <ul>
        {applications.map((a) => (
          <ApplicationItem key={a.id} application={a} />
        ))}
      </ul>
      <NameForm
        title={`New application in ${c.name}`}
        label="Application name"
        schema="NewApplication"
        submitLabel="Add application"
        pending={add.isPending}
        error={add.error}
        onSubmit={(name, done) => add.mutate(name, { onSuccess: done })}
      />
    </li>
  );
}

function ApplicationItem({ application: a }: { application: Application }) {
  const rename = useRenameApplication(a.id);
  const remove = useDeleteApplication(a.id);
  const [renaming, setRenaming] = useState(false);
  return (
    <li>
      {a.name}{' '}
      <Actions what={`application ${a.name}`} onRename={() => setRenaming(true)} onDelete={() => remove.mutate()} error={remove.error} />
      {renaming && (
        <NameForm
          title={`Rename application ${a.name}`}
          label="New name"
          initial={a.name}
          schema="NewApplication"
          submitLabel="Rename"
          pending={rename.isPending}
          error={rename.error}
          onSubmit={(name) => rename.mutate(name, { onSuccess: () => setRenaming(false) })}
          onCancel={() => setRenaming(false)}
        />
      )}
    </li>
  );
}

function Actions({ what, onRename, onDelete, error }: { what: string; onRename(): void; onDelete(): void; error: unknown }) {
  return (
    <>
      <button type="button" onClick={onRename}>
        Rename {what}
      </button>{' '}
      <button type="button" onClick={() => window.confirm(`Delete the ${what}?`) && onDelete()}>
        Delete {what}
      </button>
      <ErrorMessage error={error} />
    </>
  );
}
