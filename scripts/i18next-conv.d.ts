// i18next-conv ships no types; the three functions scripts/i18n-po.ts uses.
declare module 'i18next-conv' {
  interface ConvOptions {
    keyseparator?: string | false;
    ctxSeparator?: string | false;
    project?: string;
  }
  export function i18nextToPo(lang: string, json: string, options?: ConvOptions): Promise<Buffer>;
  export function i18nextToPot(lang: string, json: string, options?: ConvOptions): Promise<Buffer>;
  export function gettextToI18next(
    lang: string,
    po: Buffer | string,
    options?: ConvOptions,
  ): Promise<Buffer>;
}
