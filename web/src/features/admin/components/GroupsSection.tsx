import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { Field } from '../../../components/Field';
import { FormError } from '../../../components/FormError';
import type { Group } from '../../../lib/api/types';
import { checkFields, isEmpty, problemAt, type Problems } from '../../../lib/forms';
import { useUnsavedChanges } from '../../../lib/unsaved';
import { useAddGroup, useDeleteGroup, useGroups } from '../api/groups';
import { MappingsEditor } from './MappingsEditor';

/** Rolf groups (what grants name) and the directory groups whose members are in them. */
export function GroupsSection() {
  const groups = useGroups();
  return (
    <section aria-labelledby="groups-h">
      <h2 id="groups-h">Groups</h2>
      <ErrorMessage error={groups.error} />
      {groups.data?.length === 0 && <p>No groups yet.</p>}
      <ul className="groups">
        {groups.data?.map((g) => <GroupItem key={g.id} group={g} />)}
      </ul>
      <NewGroupForm />
    </section>
  );
}

function GroupItem({ group: g }: { group: Group }) {
  const remove = useDeleteGroup(g.name);
  return (
    <li>
      <article aria-label={`Group ${g.name}`}>
        <h3>{g.name}</h3>
        {g.description && <p>{g.description}</p>}
        <MappingsEditor group={g.name} />
        <button
          type="button"
          onClick={() => window.confirm(`Delete the group ${g.name} with its grants and memberships?`) && remove.mutate()}
        >
          Delete group {g.name}
        </button>
        <ErrorMessage error={remove.error} />
      </article>
    </li>
  );
}

function NewGroupForm() {
  const [draft, setDraft] = useState({ name: '', description: '' });
  const [problems, setProblems] = useState<Problems>({});
  const add = useAddGroup();
  useUnsavedChanges(draft.name !== '' || draft.description !== '');
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkFields('NewGroup', draft);
    setProblems(found);
    if (isEmpty(found)) add.mutate(draft, { onSuccess: () => setDraft({ name: '', description: '' }) });
  }
  return (
    <form onSubmit={submit} aria-label="New group" className="panel">
      <h3>New group</h3>
      <Field
        label="Group name"
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        problem={problemAt(problems, add.error, 'name')}
        hint="Letters, digits, '-', '_' or '.'."
      />
      <Field
        label="Group description"
        value={draft.description}
        onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        problem={problemAt(problems, add.error, 'description')}
      />
      <FormError error={add.error} fields={['name', 'description']} />
      <button type="submit" disabled={add.isPending}>
        Add group
      </button>
    </form>
  );
}
