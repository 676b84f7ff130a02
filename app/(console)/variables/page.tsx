import { ComingSoon } from '@/components/shell/coming-soon';

export const metadata = { title: 'Variables' };

export default function Page() {
  return (
    <ComingSoon
      title="Variables"
      what="Project variables (regular, secret, restricted) will be managed here."
    />
  );
}
