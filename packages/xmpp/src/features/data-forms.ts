// XEP-0004 Data Forms: reading forms a service sends (room configuration, search, commands)
// and submitting or cancelling them. The form's text is shown to the user: it is bounded here.
import type { DataForm, FormField, FormValues } from '@parley/contract';
import { capText, childIn, childrenIn, xml, type Element } from '../stanza.js';
import { NS_DATA } from './disco.js';

export { NS_DATA };

export const MAX_FORM_FIELDS = 500;
export const MAX_FIELD_VALUES = 1000;
export const MAX_FIELD_OPTIONS = 1000;
/** Labels, descriptions and option labels. */
export const MAX_FORM_LABEL = 1024;
/** Title and instructions. */
export const MAX_FORM_TEXT = 4096;
/** A single value (a text-multi line, a room description...). */
export const MAX_FORM_VALUE = 10_000;

const FIELD_TYPES: readonly string[] = [
  'boolean',
  'fixed',
  'hidden',
  'jid-multi',
  'jid-single',
  'list-multi',
  'list-single',
  'text-multi',
  'text-private',
  'text-single',
];
/** Types that hold exactly one value when submitted (XEP-0004 §3.3). */
const SINGLE: readonly string[] = [
  'boolean',
  'hidden',
  'jid-single',
  'list-single',
  'text-private',
  'text-single',
];

function values(el: Element, max: number): string[] {
  return childrenIn(el, 'value', NS_DATA)
    .slice(0, max)
    .map((v) => capText(v.getText(), MAX_FORM_VALUE));
}

function parseField(el: Element): FormField {
  const rawType = el.attrs.type;
  const rawVar = el.attrs.var;
  const options: FormField['options'] = [];
  for (const option of childrenIn(el, 'option', NS_DATA).slice(0, MAX_FIELD_OPTIONS)) {
    const value = values(option, 1)[0];
    if (value === undefined) continue;
    options.push({ label: capText(option.attrs.label ?? value, MAX_FORM_LABEL), value });
  }
  return {
    var: typeof rawVar === 'string' && rawVar.length > 0 && rawVar.length <= 1024 ? rawVar : null,
    // §3.3: a field without a type is text-single; an unknown type is treated the same way.
    type: (rawType && FIELD_TYPES.includes(rawType) ? rawType : 'text-single') as FormField['type'],
    label: capText(el.attrs.label ?? '', MAX_FORM_LABEL),
    desc: capText(childIn(el, 'desc', NS_DATA)?.getText() ?? '', MAX_FORM_LABEL),
    required: childIn(el, 'required', NS_DATA) !== null,
    values: values(el, MAX_FIELD_VALUES),
    options,
  };
}

/**
 * A `<x xmlns='jabber:x:data'/>` as the contract's DataForm. Several `<instructions/>` are
 * joined with newlines. Fields without a var (only 'fixed' may lack one) are kept for display
 * and skipped on submit. Never throws; anything that is not a form yields an empty one.
 */
export function parseDataForm(x: Element): DataForm {
  if (x.getName() !== 'x' || x.getNS() !== NS_DATA)
    return { title: '', instructions: '', fields: [] };
  const instructions = childrenIn(x, 'instructions', NS_DATA)
    .slice(0, 16)
    .map((i) => i.getText())
    .join('\n');
  return {
    title: capText(childIn(x, 'title', NS_DATA)?.getText() ?? '', MAX_FORM_TEXT),
    instructions: capText(instructions, MAX_FORM_TEXT),
    fields: childrenIn(x, 'field', NS_DATA).slice(0, MAX_FORM_FIELDS).map(parseField),
  };
}

/** The form's FORM_TYPE (its hidden field of that name), or null. */
export function formType(form: DataForm): string | null {
  return form.fields.find((f) => f.var === 'FORM_TYPE')?.values[0] ?? null;
}

/** The field with this var, or undefined. */
export function formField(form: DataForm, name: string): FormField | undefined {
  return form.fields.find((f) => f.var === name);
}

/** XEP-0004 §3.3 booleans: '1'/'true' are true, anything else false. */
export function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

function field(name: string, vals: readonly string[], type?: string): Element {
  return xml(
    'field',
    { var: name, type },
    vals.map((v) => xml('value', {}, v)),
  );
}

/**
 * A `<x type='submit'/>` with `values`. With the form it answers, hidden fields (FORM_TYPE
 * first) are returned as received unless `values` overrides them (§3.3: hidden fields go back
 * with the form), booleans are sent as '1'/'0', single-valued types send one value, and
 * 'fixed' fields are never sent. Values for vars the form lacks are sent too (a service
 * ignores what it does not know; the caller may fill a form it has not fetched).
 */
export function buildSubmitForm(values: FormValues, form?: DataForm): Element {
  const out: Element[] = [];
  const sent = new Set<string>();
  const byVar = new Map<string, FormField>();
  for (const f of form?.fields ?? []) if (f.var !== null && !byVar.has(f.var)) byVar.set(f.var, f);

  const hidden = [...byVar.values()]
    .filter((f) => f.type === 'hidden')
    .sort((a, b) => Number(b.var === 'FORM_TYPE') - Number(a.var === 'FORM_TYPE'));
  for (const f of hidden) {
    const name = f.var as string;
    out.push(field(name, (values[name] ?? f.values).slice(0, 1), 'hidden'));
    sent.add(name);
  }
  for (const [name, given] of Object.entries(values)) {
    if (sent.has(name)) continue;
    const def = byVar.get(name);
    if (def?.type === 'fixed') continue;
    let vals = given.slice(0, MAX_FIELD_VALUES);
    if (def?.type === 'boolean') vals = [isTrue(vals[0]) ? '1' : '0'];
    else if (def && SINGLE.includes(def.type)) vals = vals.slice(0, 1);
    out.push(field(name, vals, name === 'FORM_TYPE' ? 'hidden' : undefined));
    sent.add(name);
  }
  return xml('x', { xmlns: NS_DATA, type: 'submit' }, out);
}

/** §3.2: decline to fill in the form. */
export function buildCancelForm(): Element {
  return xml('x', { xmlns: NS_DATA, type: 'cancel' });
}
