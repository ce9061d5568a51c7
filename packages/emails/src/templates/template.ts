import type { ReactNode } from 'react';
import type { Brand } from '../types.js';

/** One email template: its subject line, its inbox preview and the content inside the shared Layout. */
export interface EmailTemplate<Data> {
  subject(data: Data, brand: Brand): string;
  preview(data: Data, brand: Brand): string;
  Content(props: { data: Data; brand: Brand }): ReactNode;
}
