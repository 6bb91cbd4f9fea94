import { createClient } from '@parley/contract/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { batchGap } from './app/batch-pace';
import { startApp } from './app/bootstrap';
import { frameScheduler } from './app/event-queue';
import { pickTransport } from './app/transport';
import './styles.css';

const { transport, link } = pickTransport();
// Message events applied in batches on animation frames, at most ~10 a second (every 1.5 s
// while a catch-up runs, batch-pace.ts): a burst is one render, not one per message.
startApp(createClient(transport), link, frameScheduler({ minGapMs: batchGap, maxWaitMs: 100 }));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
