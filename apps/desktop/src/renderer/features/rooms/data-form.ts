import type { DataForm, FormField, FormValues } from '@parley/contract';

/** Field values while editing, by var: always arrays, as XEP-0004 carries them. */
export type EditValues = Record<string, string[]>;

/** Fields that carry a value back: every field with a var except fixed ones. */
export function submittable(field: FormField): field is FormField & { var: string } {
  return field.var !== null && field.var !== '' && field.type !== 'fixed';
}

/** Fields that hold one value (a server may still send several: the first counts). */
function isSingle(field: FormField): boolean {
  return (
    field.type === 'text-single' ||
    field.type === 'text-private' ||
    field.type === 'jid-single' ||
    field.type === 'list-single'
  );
}

export function isTrue(values: readonly string[]): boolean {
  const v = values[0];
  return v === '1' || v === 'true';
}

/** The form's current values, to edit. Hidden fields (FORM_TYPE) are kept: they must go back. */
export function initialValues(form: DataForm): EditValues {
  const values: EditValues = {};
  for (const field of form.fields) {
    if (!submittable(field)) continue;
    if (field.type === 'boolean') values[field.var] = [isTrue(field.values) ? '1' : '0'];
    else values[field.var] = isSingle(field) ? field.values.slice(0, 1) : field.values.slice();
  }
  return values;
}

/** Lines of a multi-line field: text-multi keeps blank lines, jid-multi drops them. */
export function linesToValues(field: FormField, text: string): string[] {
  const lines = text.split(/\r?\n/u);
  if (field.type === 'jid-multi') return lines.map((l) => l.trim()).filter(Boolean);
  return text === '' ? [] : lines;
}

/** Required fields left empty, by label, to say which before sending. */
export function missingRequired(form: DataForm, values: EditValues): string[] {
  return form.fields
    .filter(
      (f) =>
        submittable(f) &&
        f.required &&
        f.type !== 'boolean' &&
        f.type !== 'hidden' &&
        !(values[f.var] ?? []).some((v) => v.trim() !== ''),
    )
    .map((f) => f.label || f.var || '');
}

/** What rooms.submitConfig takes: every submittable field's values, keyed by var. */
export function valuesToSubmit(form: DataForm, values: EditValues): FormValues {
  const out: FormValues = {};
  for (const field of form.fields) {
    if (!submittable(field)) continue;
    const v = values[field.var] ?? [];
    out[field.var] = isSingle(field) ? v.slice(0, 1) : v;
  }
  return out;
}
