-- The incident (事件) and component (部件) classes of the brief: six major classes, each with
-- minor classes that carry their own handling deadline, and a '99' other in every class.
-- Deadlines are counted in the working calendar (Mon–Fri 08:30–12:00, 14:00–17:30 CST; a
-- working day is 7 working hours). Where a department rather than the grid worker handles a
-- class, it is named in department. Reference data: codes are stable, later changes are new files.

insert into incident_categories (code, major_code, kind, name_zh, name_en) values
  ('01', null, 'incident', '市容环境', 'City appearance'),
  ('02', null, 'incident', '宣传广告', 'Advertising'),
  ('03', null, 'incident', '施工管理', 'Construction'),
  ('04', null, 'incident', '街面秩序', 'Street order'),
  ('05', null, 'incident', '突发事件', 'Emergencies'),
  ('06', null, 'component', '部件', 'Damaged components');

insert into incident_categories (code, major_code, kind, name_zh, name_en, deadline_amount, deadline_unit, department) values
  -- 01 市容环境
  ('0101', '01', 'incident', '违法建设', 'Illegal structure', 5, 'working_days', null),
  ('0102', '01', 'incident', '暴露垃圾', 'Exposed garbage', 2, 'working_hours', null),
  ('0103', '01', 'incident', '道路不洁', 'Dirty road', 4, 'working_hours', null),
  ('0104', '01', 'incident', '废弃车辆', 'Abandoned vehicle', 3, 'working_days', null),
  ('0105', '01', 'incident', '乱堆物堆料', 'Piled materials', 1, 'working_days', null),
  ('0106', '01', 'incident', '焚烧垃圾树叶秸秆', 'Open burning', 2, 'working_hours', null),
  ('0199', '01', 'incident', '其他市容环境问题', 'Other city appearance issue', 2, 'working_days', null),
  -- 02 宣传广告
  ('0201', '02', 'incident', '非法小广告', 'Illegal small ads', 4, 'working_hours', null),
  ('0202', '02', 'incident', '违规张贴横幅标语', 'Unauthorised banners or posters', 1, 'working_days', null),
  ('0203', '02', 'incident', '乱涂写乱刻画', 'Graffiti', 1, 'working_days', null),
  ('0204', '02', 'incident', '未经审批设置户外广告招牌', 'Unapproved signboard', 3, 'working_days', null),
  ('0299', '02', 'incident', '其他宣传广告问题', 'Other advertising issue', 2, 'working_days', null),
  -- 03 施工管理
  ('0301', '03', 'incident', '施工噪声扰民', 'Construction noise', 2, 'working_hours', null),
  ('0302', '03', 'incident', '施工扬尘', 'Construction dust', 4, 'working_hours', null),
  ('0303', '03', 'incident', '施工占道', 'Road occupation by works', 1, 'working_days', null),
  ('0304', '03', 'incident', '无证掘路', 'Digging without permit', 4, 'working_hours', null),
  ('0305', '03', 'incident', '渣土车抛洒滴漏', 'Muck truck spillage', 2, 'working_hours', null),
  ('0399', '03', 'incident', '其他施工管理问题', 'Other construction issue', 2, 'working_days', null),
  -- 04 街面秩序
  ('0401', '04', 'incident', '无照流动摊贩', 'Unlicensed mobile vendor', 1, 'working_hours', null),
  ('0402', '04', 'incident', '店外经营', 'Business outside the shopfront', 2, 'working_hours', null),
  ('0403', '04', 'incident', '机动车乱停放', 'Illegal parking', 1, 'working_hours', null),
  ('0404', '04', 'incident', '非机动车乱停放', 'Bicycles and e-bikes parked on the pavement', 2, 'working_hours', null),
  ('0405', '04', 'incident', '露天烧烤', 'Open-air barbecue', 1, 'working_hours', null),
  ('0499', '04', 'incident', '其他街面秩序问题', 'Other street order issue', 1, 'working_days', null),
  -- 05 突发事件
  ('0501', '05', 'incident', '道路塌陷', 'Road collapse', 2, 'working_hours', '市政工程管理处'),
  ('0502', '05', 'incident', '供水管道爆裂', 'Water main burst', 2, 'working_hours', '供水公司'),
  ('0503', '05', 'incident', '燃气泄漏', 'Gas leak', 1, 'working_hours', '燃气公司'),
  ('0504', '05', 'incident', '道路积水', 'Waterlogging', 2, 'working_hours', '排水管理所'),
  ('0505', '05', 'incident', '火灾隐患', 'Fire hazard', 2, 'working_hours', null),
  ('0599', '05', 'incident', '其他突发事件', 'Other emergency', 4, 'working_hours', null),
  -- 06 部件
  ('0601', '06', 'component', '井盖破损缺失', 'Manhole cover damaged or missing', 4, 'working_hours', '市政工程管理处'),
  ('0602', '06', 'component', '路灯损坏', 'Street light out', 2, 'working_days', '路灯所'),
  ('0603', '06', 'component', '绿化损坏', 'Damaged greenery', 3, 'working_days', '园林绿化所'),
  ('0604', '06', 'component', '环卫设施损坏', 'Damaged sanitation facility', 1, 'working_days', '环卫所'),
  ('0605', '06', 'component', '交通设施损坏', 'Damaged traffic sign or guardrail', 2, 'working_days', '交通设施管理所'),
  ('0606', '06', 'component', '消防栓损坏', 'Damaged fire hydrant', 1, 'working_days', '供水公司'),
  ('0699', '06', 'component', '其他部件问题', 'Other component issue', 3, 'working_days', null);
