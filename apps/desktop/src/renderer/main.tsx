import { createClient } from '@parley/contract/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startApp } from './app/bootstrap';
import { frameScheduler } from './app/event-queue';
import { pickTransport } from './app/transport';
import './styles.css';

const { transport, link } = pickTransport();
// Message events applied in batches on animation frames, at most ~10 a second: a catch-up's
// burst is one render, not one per message.
startApp(createClient(transport), link, frameScheduler());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
