import { refusedField } from '../lib/forms';
import { ErrorMessage } from './ErrorMessage';

/** A form's refusal that names no field it shows (those are shown beside the field). */
export function FormError({ error, fields }: { error: unknown; fields: readonly string[] }) {
  const field = refusedField(error);
  if (field && fields.includes(field)) return null;
  return <ErrorMessage error={error} />;
}
