import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavBar } from '@/ui/nav-bar';
import './globals.css';

export const metadata: Metadata = { title: 'rnnlab', description: 'Train and compare RNN, LSTM and GRU' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <NavBar />
        <main>{children}</main>
      </body>
    </html>
  );
}
