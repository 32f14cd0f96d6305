import type { FormEvent, ReactNode } from 'react';
import { type MessageKey, useT } from '../../i18n/i18n';
import { usePageTitle } from '../../pages/use-page-title';
import { Button, ErrorSummary, type FieldError } from '../../ui';

/** Problems by field id, as message keys; the order of `fields` is the order of the summary. */
export type FormErrors = Partial<Record<string, MessageKey>>;

export function hasErrors(errors: FormErrors): boolean {
  return Object.values(errors).some(Boolean);
}

/**
 * The frame of every account form: the error summary (NHS.UK pattern) over the heading, the
 * fields, and one submit button. The page title starts "Error:" while there are errors (WCAG 3.3.1).
 */
export function AccountForm(props: {
  title: MessageKey;
  intro?: ReactNode;
  fields: readonly string[];
  errors: FormErrors;
  submit: MessageKey;
  busy: boolean;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const { t } = useT();
  const title = t(props.title);
  usePageTitle(hasErrors(props.errors) ? `Error: ${title}` : title);
  const summary: FieldError[] = props.fields.flatMap((field) => {
    const key = props.errors[field];
    return key ? [{ field, message: t(key) }] : [];
  });
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={summary} />
        <h1>{title}</h1>
        {props.intro}
        <form
          noValidate
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            props.onSubmit();
          }}
        >
          {props.children}
          <Button disabled={props.busy}>{t(props.submit)}</Button>
        </form>
      </div>
    </div>
  );
}
