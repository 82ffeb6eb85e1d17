import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { BrowserRouter } from 'react-router';
import { App } from './App';

// Shade 9 for filled, light and outline colors: text on them meets WCAG AA contrast (4.5:1; axe-core in web/e2e).
const theme = createTheme({ primaryShade: { light: 9, dark: 8 } });
// Dimmed text (inputs' descriptions) in gray 7 rather than 6, for the same 4.5:1.
const resolver: CSSVariablesResolver = () => ({
  variables: {}, light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' }, dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver} defaultColorScheme="light">
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
