import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, MantineProvider } from '@mantine/core';
import { BrowserRouter } from 'react-router';
import { App } from './App';

// Shade 9 for filled, light and outline colors: text on them meets WCAG AA contrast (4.5:1; axe-core in web/e2e).
const theme = createTheme({ primaryShade: { light: 9, dark: 8 } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
