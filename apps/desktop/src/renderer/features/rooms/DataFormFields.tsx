import type { DataForm, FieldMedia, FormField } from '@parley/contract';
import { useId } from 'react';
import { FieldMediaView } from './FieldMediaView';
import { isTrue, linesToValues, type EditValues } from './data-form';
import { useT } from '../../i18n';

interface DataFormFieldsProps {
  form: DataForm;
  values: EditValues;
  onChange(name: string, values: string[]): void;
  /** Prefix of each field's testid: `${testIdPrefix}-${var}`. */
  testIdPrefix: string;
  /** XEP-0221 media shown with their fields (a CAPTCHA image). */
  media?: readonly FieldMedia[];
}

/** Any XEP-0004 form, rendered generically: one control per field type. */
export function DataFormFields({
  form,
  values,
  onChange,
  testIdPrefix,
  media = [],
}: DataFormFieldsProps) {
  const id = useId();
  return (
    <>
      {form.instructions && <p className="hint form-instructions">{form.instructions}</p>}
      {form.fields.map((field, index) => {
        const key = `${index}-${field.var ?? ''}`;
        const control = (
          <FieldControl
            key={key}
            id={`${id}-${index}`}
            field={field}
            values={field.var ? (values[field.var] ?? []) : field.values}
            onChange={(v) => field.var && onChange(field.var, v)}
            testId={field.var ? `${testIdPrefix}-${field.var}` : undefined}
          />
        );
        const shown = media.filter((m) => field.var !== null && m.var === field.var);
        if (shown.length === 0 || field.type === 'hidden') return control;
        return (
          <div key={key} className="form-field-with-media">
            {shown.map((m) => (
              <FieldMediaView key={m.var} media={m} label={field.label || field.var || ''} />
            ))}
            {control}
          </div>
        );
      })}
    </>
  );
}

interface FieldProps {
  id: string;
  field: FormField;
  values: string[];
  onChange(values: string[]): void;
  testId: string | undefined;
}

function Label({ id, field }: { id: string; field: FormField }) {
  const { t } = useT('rooms');
  return (
    <label htmlFor={id}>
      {field.label || field.var}
      {field.required && (
        <span className="required" aria-label={t('required')}>
          {' '}
          *
        </span>
      )}
    </label>
  );
}

function FieldControl({ id, field, values, onChange, testId }: FieldProps) {
  const { t } = useT('rooms');
  const hint = field.desc ? <p className="hint">{field.desc}</p> : null;
  switch (field.type) {
    case 'hidden':
      return null;
    case 'fixed':
      return (
        <p className="form-fixed" data-testid={testId}>
          {values.join('\n')}
        </p>
      );
    case 'boolean':
      return (
        <div className="field field-check">
          <input
            id={id}
            type="checkbox"
            data-testid={testId}
            checked={isTrue(values)}
            onChange={(e) => onChange([e.target.checked ? '1' : '0'])}
          />
          <Label id={id} field={field} />
          {hint}
        </div>
      );
    case 'text-multi':
    case 'jid-multi':
      return (
        <div className="field">
          <Label id={id} field={field} />
          <textarea
            id={id}
            className="textarea"
            data-testid={testId}
            rows={3}
            spellCheck={field.type === 'text-multi'}
            placeholder={field.type === 'jid-multi' ? t('One address per line') : undefined}
            value={values.join('\n')}
            onChange={(e) => onChange(linesToValues(field, e.target.value))}
          />
          {hint}
        </div>
      );
    case 'list-single': {
      const current = values[0] ?? '';
      const known = field.options.some((o) => o.value === current);
      return (
        <div className="field">
          <Label id={id} field={field} />
          <select
            id={id}
            data-testid={testId}
            value={current}
            onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}
          >
            {!known && <option value={current}>{current || '—'}</option>}
            {field.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label || o.value}
              </option>
            ))}
          </select>
          {hint}
        </div>
      );
    }
    case 'list-multi':
      return (
        <fieldset className="field field-options" data-testid={testId}>
          <legend>{field.label || field.var}</legend>
          {field.options.map((o, i) => (
            <label key={o.value} className="option-check" htmlFor={`${id}-${i}`}>
              <input
                id={`${id}-${i}`}
                type="checkbox"
                data-testid={testId && `${testId}-${o.value}`}
                checked={values.includes(o.value)}
                onChange={(e) =>
                  onChange(
                    e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value),
                  )
                }
              />
              {o.label || o.value}
            </label>
          ))}
          {hint}
        </fieldset>
      );
    default:
      // text-single, text-private, jid-single
      return (
        <div className="field">
          <Label id={id} field={field} />
          <input
            id={id}
            data-testid={testId}
            type={field.type === 'text-private' ? 'password' : 'text'}
            autoComplete={field.type === 'text-private' ? 'new-password' : 'off'}
            spellCheck={field.type === 'text-single'}
            placeholder={field.type === 'jid-single' ? 'name@example.org' : undefined}
            value={values[0] ?? ''}
            onChange={(e) => onChange(e.target.value === '' ? [] : [e.target.value])}
          />
          {hint}
        </div>
      );
  }
}
