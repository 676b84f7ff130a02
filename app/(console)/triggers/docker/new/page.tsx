import { WebhookForm } from '@/components/triggers/webhook-form';

export const metadata = { title: 'New webhook for Docker' };

export default function NewWebhookPage() {
  return (
    <div className="stack">
      <div className="page-head">
        <h1>New webhook for Docker</h1>
      </div>
      <WebhookForm />
    </div>
  );
}
