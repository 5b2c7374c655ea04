import type { Flag } from '../../../lib/api/types';
import { FlagCells, FlagHeaderCells } from '../../../components/FlagCells';

export function FlagsSection({ flags }: { flags: Flag[] | undefined }) {
  return (
    <section aria-labelledby="flags-h">
      <h2 id="flags-h">Flags</h2>
      {flags?.length === 0 && <p>No flags.</p>}
      {!!flags?.length && (
        <table>
          <thead>
            <tr>
              <FlagHeaderCells />
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {flags.map((f) => (
              <tr key={f.id}>
                <FlagCells flag={f} />
                <td>{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
