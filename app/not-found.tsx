import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card">
      <h1>Not found</h1>
      <p>This page does not exist, or it is not available to your account.</p>
      <Link href="/">Back to the course</Link>
    </div>
  );
}
