import type { AdhocNote, DataForm, FormTable } from '@parley/contract';
import { useT } from '../../i18n';

/** A command's notes (info, warning, error), each announced. */
export function AdhocNotes({ notes }: { notes: AdhocNote[] }) {
  const { t } = useT('server-tools');
  if (notes.length === 0) return null;
  // Each note's kind written out, so extraction finds it; a language places its own colon.
  const noteWords: Record<AdhocNote['type'], string> = {
    info: t('Note:'),
    warn: t('Warning:'),
    error: t('Error:'),
  };
  return (
    <ul className="adhoc-notes" data-testid="adhoc-notes">
      {notes.map((n, i) => (
        <li
          key={i}
          className={`adhoc-note adhoc-note-${n.type}`}
          role={n.type === 'error' ? 'alert' : 'status'}
        >
          <strong>{noteWords[n.type]}</strong> {n.text}
        </li>
      ))}
    </ul>
  );
}

/** A result form (XEP-0004 type result): its fields read-only, its reported table as a table. */
export function AdhocResult({
  result,
  table,
}: {
  result: DataForm | null;
  table: FormTable | null;
}) {
  const { t } = useT('server-tools');
  const fields = (result?.fields ?? []).filter((f) => f.type !== 'hidden');
  if (!result && !table) return null;
  return (
    <div className="adhoc-result" data-testid="adhoc-result">
      {result?.title && <h3 className="disco-heading">{result.title}</h3>}
      {result?.instructions && <p className="hint">{result.instructions}</p>}
      {fields.length > 0 && (
        <dl className="adhoc-fields">
          {fields.map((f, i) => (
            <div key={`${i}-${f.var ?? ''}`} className="adhoc-field">
              <dt>{f.label || f.var}</dt>
              <dd data-testid={f.var ? `adhoc-result-${f.var}` : undefined}>
                {f.values.length === 0 ? (
                  <span className="hint">{t('(empty)')}</span>
                ) : (
                  f.values.join('\n')
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {table && (
        <div className="adhoc-table-wrap">
          <table className="adhoc-table" data-testid="adhoc-table">
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c.var} scope="col">
                    {c.label || c.var}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, c) => (
                    <td key={c}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
