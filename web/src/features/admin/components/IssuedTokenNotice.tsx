import { useEffect, useRef, useState } from 'react';
import type { IssuedToken } from '../../../lib/api/types';

/** The one time a token's secret is shown: with a copy button, and a plain warning that it will not come back. */
export function IssuedTokenNotice({ token, level, onDone }: { token: IssuedToken; level: 3 | 4; onDone(): void }) {
  const Heading = `h${level}` as const;
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <section aria-labelledby={`issued-${token.id}`} className="panel issued">
      <Heading id={`issued-${token.id}`} ref={heading} tabIndex={-1}>
        New token {token.name}
      </Heading>
      <p>
        <strong>
          <span aria-hidden="true">⚠ </span>Copy it now: it is shown this once and never again.
        </strong>
      </p>
      <p>
        <code aria-label={`Token ${token.name}`} className="token">
          {token.token}
        </code>
      </p>
      <button type="button" onClick={copy}>
        Copy token
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done, hide it
      </button>
      <p role="status">
        {copied === 'yes' && (
          <>
            <span aria-hidden="true">✓ </span>Copied to the clipboard.
          </>
        )}
        {copied === 'failed' && 'The browser did not allow copying; select the token and copy it by hand.'}
      </p>
    </section>
  );
}
