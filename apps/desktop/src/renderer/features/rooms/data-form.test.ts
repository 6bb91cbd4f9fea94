import { describe, expect, it } from 'vitest';
import { field, roomConfigForm } from '../../test/fixtures';
import { initialValues, linesToValues, missingRequired, valuesToSubmit } from './data-form';

describe('data forms', () => {
  it('starts from the form’s values, booleans normalised, fixed fields left out', () => {
    const values = initialValues(roomConfigForm());
    expect(values).toEqual({
      FORM_TYPE: ['http://jabber.org/protocol/muc#roomconfig'],
      'muc#roomconfig_roomname': ['Old name'],
      'muc#roomconfig_roomdesc': ['a', 'b'],
      'muc#roomconfig_persistentroom': ['0'],
      'muc#roomconfig_roomsecret': [],
      'muc#roomconfig_whois': ['moderators'],
      'muc#roomconfig_presencebroadcast': ['moderator', 'participant'],
      'muc#roomconfig_roomadmins': [],
    });
    expect(
      initialValues({
        title: '',
        instructions: '',
        fields: [field('boolean', 'b', { values: ['true'] })],
      }),
    ).toEqual({ b: ['1'] });
  });

  it('submits every field with a var, hidden ones included, single fields with one value', () => {
    const form = roomConfigForm();
    const values = { ...initialValues(form), 'muc#roomconfig_roomname': ['New', 'extra'] };
    const out = valuesToSubmit(form, values);
    expect(out.FORM_TYPE).toEqual(['http://jabber.org/protocol/muc#roomconfig']);
    expect(out['muc#roomconfig_roomname']).toEqual(['New']);
    expect(Object.keys(out)).toHaveLength(8);
  });

  it('splits multi-line fields: jid-multi drops blank lines, text-multi keeps them', () => {
    expect(linesToValues(field('jid-multi', 'j'), ' a@x \n\n b@x\n')).toEqual(['a@x', 'b@x']);
    expect(linesToValues(field('text-multi', 't'), 'one\n\ntwo')).toEqual(['one', '', 'two']);
    expect(linesToValues(field('text-multi', 't'), '')).toEqual([]);
  });

  it('names required fields left empty', () => {
    const form = {
      title: '',
      instructions: '',
      fields: [
        field('text-single', 'name', { label: 'Name', required: true }),
        field('boolean', 'flag', { required: true }),
        field('text-single', 'other', { required: true }),
      ],
    };
    expect(missingRequired(form, { name: ['  '], flag: ['0'], other: ['x'] })).toEqual(['Name']);
  });
});
