import { NewWebhook } from '@/components/triggers/new-webhook';

export const metadata = { title: 'New webhook for Docker' };

export default function NewWebhookPage() {
  return (
    <div className="stack">
      <div className="page-head">
        <h1>New webhook for Docker</h1>
      </div>
      <NewWebhook />
    </div>
  );
}
