import type { ButtonHTMLAttributes } from 'react';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'reverse' | 'warning' };

/** NHS.UK button: https://service-manual.nhs.uk/design-system/components/buttons */
export function Button({ variant = 'primary', className, type = 'submit', ...rest }: Props) {
  const classes = ['nhsuk-button', variant !== 'primary' && `nhsuk-button--${variant}`, className].filter(Boolean).join(' ');
  return <button className={classes} data-module="nhsuk-button" type={type} {...rest} />;
}
