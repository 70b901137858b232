import { BankOutlined } from '@ant-design/icons'
import { Drawer } from 'antd'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from './LanguageSwitch'
import { SideMenu, type NavItem } from './SideMenu'

/** The phone's menu: the same entries as the side menu, with the unit and the language below. */
export default function MenuDrawer({
  open,
  onClose,
  items,
  selected,
  unitName,
}: {
  open: boolean
  onClose: () => void
  items: NavItem[]
  selected: string
  unitName: string
}) {
  const { t } = useTranslation()
  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="left"
      size={280}
      title={t('app.fullName')}
      rootClassName="duban-menu-drawer"
      data-testid="menu-drawer"
    >
      <nav>
        <SideMenu items={items} selected={selected} label="main menu" onNavigate={onClose} />
      </nav>
      <div className="duban-menu-drawer-footer">
        <span data-testid="drawer-unit">
          <BankOutlined /> {unitName}
        </span>
        <LanguageSwitch />
      </div>
    </Drawer>
  )
}
