import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAddCategory, useApplications, useCategories } from '../api/catalog';
import { CategoryItem } from './CategoryItem';
import { NameForm } from './NameForm';
import { NewDeploymentForm } from './NewDeploymentForm';

/** Categories > applications, the dashboard's grouping; and new deployments in them. */
export function CatalogSection() {
  const categories = useCategories();
  const applications = useApplications();
  const add = useAddCategory();
  return (
    <section aria-labelledby="catalog-h">
      <h2 id="catalog-h">Categories and applications</h2>
      <ErrorMessage error={categories.error ?? applications.error} />
      <ul className="catalog">
        {categories.data?.map((c) => (
          <CategoryItem key={c.id} category={c} applications={(applications.data ?? []).filter((a) => a.category_id === c.id)} />
        ))}
      </ul>
      <NameForm
        title="New category"
        label="Category name"
        schema="CategoryInput"
        submitLabel="Add category"
        pending={add.isPending}
        error={add.error}
        onSubmit={(name, done) => add.mutate(name, { onSuccess: done })}
      />
      <NewDeploymentForm applications={applications.data ?? []} categories={categories.data ?? []} />
    </section>
  );
}
