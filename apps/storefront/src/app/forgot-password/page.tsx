import type { Metadata } from 'next';
import Link from 'next/link';
import styles from '@/components/account/AuthForm.module.css';
import { ForgotPasswordForm } from '@/components/account/ForgotPasswordForm';

export const metadata: Metadata = {
  title: 'Forgot your password?',
  robots: { index: false, follow: false },
};

export default function ForgotPasswordPage() {
  return (
    <div className={styles.card}>
      <h1 className="page-title">Forgot your password?</h1>
      <p className={styles.intro}>Enter the email address of your account and we will send you a link to choose a new password.</p>
      <ForgotPasswordForm />
      <p className={styles.switch}>
        Remembered it? <Link href="/login">Sign in</Link>
      </p>
    </div>
  );
}
