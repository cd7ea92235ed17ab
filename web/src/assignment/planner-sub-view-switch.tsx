import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PlannerSubView } from '../dashboard/dashboard-layers.ts';

/** Above the planner's side panel: the editor (or the grid list) or worker assignment. */
export function PlannerSubViewSwitch(props: { value: PlannerSubView; onChange: (next: PlannerSubView) => void; mayEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <Segmented<PlannerSubView>
      block
      size="small"
      className="planner-sub-view-switch"
      value={props.value}
      onChange={props.onChange}
      options={[
        { value: 'main', label: <span data-testid="sub-view-main">{props.mayEdit ? t('assignment.subViews.editor') : t('assignment.subViews.overview')}</span> },
        { value: 'assignment', label: <span data-testid="sub-view-assignment">{t('assignment.subViews.assignment')}</span> },
      ]}
    />
  );
}
