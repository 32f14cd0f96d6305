import type { FormEvent, ReactNode } from 'react';
import { useT } from '../../i18n/i18n';
import { Button, ErrorSummary, type FieldError } from '../../ui';

/** Problems by field id, as the page shows them (translated, or the API's own words). */
export type FieldMessages = Partial<Record<string, string>>;

/**
 * One form of a page with several: its heading, the NHS.UK error summary over its fields (in the
 * order of `fields`, each linking to its field), the fields, and its submit button.
 */
export function FormSection(props: { id: string; heading: string; /** A part of a section with its own h2. */ nested?: boolean; intro?: ReactNode; fields: readonly string[]; errors: FieldMessages; submit: string; busy: boolean; onSubmit: () => void; children: ReactNode; after?: ReactNode }) {
  const { t } = useT();
  const summary: FieldError[] = props.fields.flatMap((field) => {
    const message = props.errors[field];
    return message ? [{ field, message }] : [];
  });
  const Heading = props.nested ? 'h3' : 'h2';
  return (
    <section aria-labelledby={`${props.id}-heading`} className="nhsuk-u-margin-bottom-7">
      <ErrorSummary errors={summary} />
      <Heading id={`${props.id}-heading`}>{props.heading}</Heading>
      {props.intro}
      <form
        noValidate
        id={props.id}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
        <Button disabled={props.busy}>{props.busy ? t('common.loading') : props.submit}</Button>
      </form>
      {props.after}
    </section>
  );
}
