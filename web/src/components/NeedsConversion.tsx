/** A recipe imported from the original Rolf that cannot run as it is (a push of a stage running it is refused until
 *  its code is edited): an icon and words, never colour alone, then why. */
export function NeedsConversion({ reason }: { reason?: string | null }) {
  return (
    <span className="needs-conversion">
      <strong className="badge badge-warning">
        <span aria-hidden="true">⚠ </span>Needs conversion
      </strong>
      {reason ? `: ${reason}` : ''}
    </span>
  );
}
