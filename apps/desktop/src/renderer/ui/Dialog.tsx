import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { Icon } from './Icon';

interface DialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}

/** A modal dialog (Radix): focus trapped, Escape closes, title and description announced. */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  testId,
  wide,
}: DialogProps) {
  const { t } = useT('common');
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={`dialog${wide ? ' dialog-wide' : ''}`}
          data-testid={testId}
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description && (
            <RadixDialog.Description className="dialog-description">
              {description}
            </RadixDialog.Description>
          )}
          {children}
          <RadixDialog.Close className="icon-button dialog-close" aria-label={t('Close')}>
            <Icon name="close" />
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
