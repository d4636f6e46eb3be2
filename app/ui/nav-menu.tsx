'use client';
import { useEffect, useState, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';

/**
 * The header's links and tools. Wide screens show them in one row; on a phone
 * they fold behind a "Menu" button (CSS decides which), so nothing pushes the
 * page wider than the screen.
 */
export function NavMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // A followed link closes the menu.
  useEffect(() => setOpen(false), [pathname]);
  return (
    <>
      <button
        type="button"
        className="secondary menu-button"
        aria-expanded={open}
        aria-controls="nav-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {label}
      </button>
      <div id="nav-panel" className="nav-panel" data-open={open}>
        {children}
      </div>
    </>
  );
}
