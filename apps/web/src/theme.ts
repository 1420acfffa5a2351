import type { ThemeConfig } from 'antd';

/** A sober administrative look: deep blue, dense controls, square-ish corners. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0b4f9c',
    colorLink: '#0b4f9c',
    colorError: '#c62828',
    borderRadius: 4,
    fontSize: 14,
    fontFamily: "'Segoe UI', Roboto, 'Noto Sans', 'Helvetica Neue', Arial, sans-serif",
    colorBgLayout: '#f2f4f7',
  },
  components: {
    Layout: { headerBg: '#0b3d7a', headerHeight: 56, headerPadding: '0 12px', siderBg: '#ffffff' },
    Menu: {
      itemHeight: 38,
      itemMarginBlock: 2,
      itemBorderRadius: 4,
      subMenuItemBg: '#ffffff',
      itemSelectedBg: '#e3ecf7',
      itemSelectedColor: '#0b4f9c',
      itemHoverBg: '#f0f4fa',
      itemActiveBg: '#dbe6f4',
    },
    Tree: { nodeSelectedBg: '#e3ecf7', nodeHoverBg: '#f0f4fa' },
    Table: { headerBg: '#eef2f7', cellPaddingBlockSM: 6 },
    Card: { headerFontSize: 14 },
  },
};
