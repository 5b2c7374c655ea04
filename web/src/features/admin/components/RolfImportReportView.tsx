import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { NeedsConversion } from '../../../components/NeedsConversion';
import type { RolfImportReport } from '../../../lib/api/types';
import { countText, outcomeText, skippedText, type Outcome } from '../lib/rolfImport';

const MARK: Record<Outcome, string> = { created: '+', updated: '~', unchanged: '=' };

/** An item's outcome: a mark and a word, in the tense of the run. */
function Done({ outcome, dryRun }: { outcome: Outcome; dryRun: boolean }) {
  return (
    <>
      <span aria-hidden="true">{MARK[outcome]} </span>
      {outcomeText(outcome, dryRun)}
    </>
  );
}

/** One kind of imported item: a heading with the count, then the items when there are any. */
function Items<T>(props: {
  id: string;
  title: string;
  label: string;
  items: T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      {props.items.length > 0 && (
        <ul aria-label={props.label}>
          {props.items.map((item) => (
            <li key={props.keyOf(item)}>{props.render(item)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** What an import from the original Rolf did, or would do: first what needs conversion (those recipes cannot run
 *  until edited), then what was rewritten, then each recipe, group and deployment, then what was left out. */
export function RolfImportReportView({ report }: { report: RolfImportReport }) {
  const dry = report.dry_run;
  return (
    <div className="import-report">
      <section aria-labelledby="rolf-flagged-h" className={report.flagged.length ? 'panel warning' : undefined}>
        <h3 id="rolf-flagged-h">
          {report.flagged.length ? (
            <>
              <span aria-hidden="true">⚠ </span>Needs conversion: {report.flagged.length}
            </>
          ) : (
            <>
              <span aria-hidden="true">✓ </span>Nothing needs conversion
            </>
          )}
        </h3>
        {report.flagged.length > 0 && (
          <>
            <p>
              Rolf cannot run these as they are. A push of a deployment with a stage that runs one is refused until its
              code is edited (in the cookbook, or in the stage).
            </p>
            <ul aria-label="Recipes that need conversion">
              {report.flagged.map((f, i) => (
                <li key={i}>
                  <strong>{f.place}</strong>: {f.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {report.converted.length > 0 && (
        <section aria-labelledby="rolf-converted-h">
          <h3 id="rolf-converted-h">Converted: {report.converted.length}</h3>
          <p>The import {dry ? 'would rewrite' : 'rewrote'} these so they run in Rolf.</p>
          <ul aria-label="Converted">
            {report.converted.map((c, i) => (
              <li key={i}>
                <strong>{c.place}</strong>: {c.note}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Items
        id="rolf-recipes-h"
        title={`Recipes: ${countText(report.recipes, dry)}`}
        label="Imported recipes"
        items={report.recipes}
        keyOf={(r) => r.name}
        render={(r) => (
          <>
            {r.name}: <Done outcome={r.outcome} dryRun={dry} />
            {r.needs_conversion && (
              <>
                {'. '}
                <NeedsConversion reason={r.needs_conversion} />
              </>
            )}
            {r.converted && `. Converted: ${r.converted}`}
          </>
        )}
      />
      <Items
        id="rolf-groups-h"
        title={`Groups: ${countText(report.groups, dry)}`}
        label="Imported groups"
        items={report.groups}
        keyOf={(g) => g.name}
        render={(g) => (
          <>
            {g.name}: <Done outcome={g.outcome} dryRun={dry} />
          </>
        )}
      />
      <Items
        id="rolf-deployments-h"
        title={`Deployments: ${countText(report.deployments, dry)}`}
        label="Imported deployments"
        items={report.deployments}
        keyOf={(d) => `${d.category}/${d.application}/${d.name}`}
        render={(d) => {
          const name = `${d.application}/${d.name}`;
          return (
            <>
              {!dry && d.deployment_id != null ? <Link href={`/deployments/${d.deployment_id}`}>{name}</Link> : name}{' '}
              (in {d.category}): <Done outcome={d.outcome} dryRun={dry} />
            </>
          );
        }}
      />
      {report.skipped.length > 0 && (
        <section aria-labelledby="rolf-skipped-h">
          <h3 id="rolf-skipped-h">Not imported</h3>
          <ul aria-label="Not imported">
            {report.skipped.map((s) => (
              <li key={s.model}>{skippedText(s)}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
