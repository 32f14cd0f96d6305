import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Button } from '../../ui';

/** Copies a secret shown once (an API key, an invitation link) to the clipboard, and says so to screen readers. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <>
      <Button
        type="button"
        variant="secondary"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setCopied('yes'),
            () => setCopied('failed'),
          )
        }
      >
        {label}
      </Button>
      <p role="status" className="nhsuk-body-s">
        {copied === 'yes' ? t('admin.copy.done') : copied === 'failed' ? t('admin.copy.failed') : ''}
      </p>
    </>
  );
}
