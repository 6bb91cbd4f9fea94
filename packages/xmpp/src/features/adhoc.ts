// XEP-0050 Ad-Hoc Commands: listing a JID's commands, executing them step by step with data
// forms, and reading what each step answers (status, allowed actions, notes, forms, tables).
import type { AdhocAction, AdhocNote, DataForm, FormTable, FormValues } from '@parley/contract';
import { capText, childIn, childrenIn, iqType, requireJid, xml, type Element } from '../stanza.js';
import { buildSubmitForm, parseDataForm, NS_DATA } from './data-forms.js';
import { buildDiscoItemsQuery, parseDiscoItems } from './disco-items.js';

export const NS_COMMANDS = 'http://jabber.org/protocol/commands';

const MAX_NOTES = 16;
const MAX_NOTE_TEXT = 4096;
/** Session ids and nodes are echoed back to the service: bounded like any attribute. */
const MAX_ATTR = 1024;
const MAX_TABLE_COLUMNS = 64;
const MAX_TABLE_ROWS = 2000;
const MAX_CELL = 4096;
const ACTIONS: readonly AdhocAction[] = ['prev', 'next', 'complete'];

/** The disco#items query that lists a JID's commands (XEP-0050 §2.2). */
export function buildCommandListQuery(to: string): Element {
  return buildDiscoItemsQuery(to, NS_COMMANDS);
}

/** The commands of a disco#items answer to buildCommandListQuery (items without a node dropped). */
export function parseCommandList(iq: Element): Array<{ jid: string; node: string; name: string }> {
  return parseDiscoItems(iq)
    .filter((i): i is typeof i & { node: string } => i.node !== null)
    .map((i) => ({ jid: i.jid, node: i.node, name: i.name || i.node }));
}

export type AdhocRequestAction = AdhocAction | 'execute' | 'cancel';

/**
 * A command request (XEP-0050 §3). `form` is the form being answered: its values are submitted
 * with 'next'/'complete' (and 'execute' within a session); 'cancel' and 'prev' carry no form
 * (§3.4: the service shows the previous stage again, or ends the session).
 */
export function buildCommandRequest(args: {
  to: string;
  node: string;
  action: AdhocRequestAction;
  sessionId?: string | null;
  values?: FormValues;
  form?: DataForm | null;
}): Element {
  const { action, values, form } = args;
  let payload: Element | null = null;
  if (args.sessionId && (action === 'next' || action === 'complete' || action === 'execute')) {
    payload = buildSubmitForm(values ?? {}, form ?? undefined);
  }
  return xml(
    'iq',
    { type: 'set', to: requireJid(args.to).toString() },
    xml(
      'command',
      {
        xmlns: NS_COMMANDS,
        node: args.node,
        action,
        sessionid: args.sessionId ?? undefined,
      },
      payload,
    ),
  );
}

export interface CommandResponse {
  node: string;
  sessionId: string | null;
  status: 'executing' | 'completed' | 'canceled';
  actions: AdhocAction[];
  defaultAction: AdhocAction | null;
  notes: AdhocNote[];
  form: DataForm | null;
  result: DataForm | null;
  table: FormTable | null;
}

function bounded(value: string | undefined): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ATTR ? value : null;
}

function parseActions(command: Element, status: CommandResponse['status']) {
  const el = childIn(command, 'actions', NS_COMMANDS);
  if (!el) {
    // §3.4: an executing command without <actions/> allows completing it (a single stage).
    return status === 'executing'
      ? { actions: ['complete'] as AdhocAction[], defaultAction: 'complete' as AdhocAction }
      : { actions: [] as AdhocAction[], defaultAction: null };
  }
  const actions = ACTIONS.filter((a) => childIn(el, a, NS_COMMANDS) !== null);
  const named = el.attrs.execute as AdhocAction | undefined;
  // §3.4: execute names the default; when it names an action not listed, it is added.
  const fallback: AdhocAction | null = actions.includes('next')
    ? 'next'
    : actions.includes('complete')
      ? 'complete'
      : null;
  const defaultAction = named && ACTIONS.includes(named) ? named : fallback;
  if (defaultAction && !actions.includes(defaultAction)) actions.push(defaultAction);
  return { actions, defaultAction };
}

function parseNotes(command: Element): AdhocNote[] {
  return childrenIn(command, 'note', NS_COMMANDS)
    .slice(0, MAX_NOTES)
    .map((n) => {
      const type = n.attrs.type;
      return {
        type: type === 'warn' || type === 'error' ? type : 'info',
        text: capText(n.getText(), MAX_NOTE_TEXT),
      } as AdhocNote;
    })
    .filter((n) => n.text.trim().length > 0);
}

/** A result form's table: the `<reported/>` columns and one row per `<item/>`. */
export function parseFormTable(x: Element): FormTable | null {
  const reported = childIn(x, 'reported', NS_DATA);
  if (!reported) return null;
  const columns = childrenIn(reported, 'field', NS_DATA)
    .slice(0, MAX_TABLE_COLUMNS)
    .map((f) => ({ var: bounded(f.attrs.var) ?? '', label: capText(f.attrs.label ?? '', 1024) }))
    .filter((c) => c.var !== '');
  const rows = childrenIn(x, 'item', NS_DATA)
    .slice(0, MAX_TABLE_ROWS)
    .map((item) => {
      const fields = childrenIn(item, 'field', NS_DATA);
      return columns.map((c) => {
        const field = fields.find((f) => f.attrs.var === c.var);
        const vals = field ? childrenIn(field, 'value', NS_DATA).slice(0, 64) : [];
        return capText(vals.map((v) => v.getText()).join('\n'), MAX_CELL);
      });
    });
  return { columns, rows };
}

/**
 * The `<command/>` of an iq result; null when `iq` is not a result with a command payload
 * of a known status. Never throws on hostile input; everything shown is bounded.
 */
export function parseCommandResponse(iq: Element): CommandResponse | null {
  if (iqType(iq) !== 'result') return null;
  const command = childIn(iq, 'command', NS_COMMANDS);
  if (!command) return null;
  const node = bounded(command.attrs.node);
  const status = command.attrs.status;
  if (!node || (status !== 'executing' && status !== 'completed' && status !== 'canceled')) {
    return null;
  }
  let form: DataForm | null = null;
  let result: DataForm | null = null;
  let table: FormTable | null = null;
  const x = childIn(command, 'x', NS_DATA);
  if (x) {
    const type = x.attrs.type;
    if (type === 'form' && status === 'executing') form = parseDataForm(x);
    else if (type === 'result' || type === 'form') {
      result = parseDataForm(x);
      table = parseFormTable(x);
    }
  }
  return {
    node,
    sessionId: bounded(command.attrs.sessionid),
    status,
    ...parseActions(command, status),
    notes: parseNotes(command),
    form,
    result,
    table,
  };
}
