<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="44" />
            <source>About ShopClock</source>
            <translation>关于售后时钟</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="47" />
            <source>ShopClock — after-sales deadline clock</source>
            <translation>售后时钟 ShopClock —— 售后期限提醒</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="56" />
            <source>Version:</source>
            <translation>版本：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="64" />
            <source>(also kept: %1)</source>
            <translation>（另存旧版：%1）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="68" />
            <source>Data folder:</source>
            <translation>数据文件夹：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="69" />
            <source>Database:</source>
            <translation>数据库：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/about_dialog.py" line="77" />
            <source>Copy details</source>
            <translation>复制信息</translation>
        </message>
    </context>
    <context>
        <name>CaseEditor</name>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="253" />
            <source>Edit after-sales case</source>
            <translation>修改售后单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="253" />
            <source>New case</source>
            <translation>新建售后单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="258" />
            <source>Case number</source>
            <translation>售后单号</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="260" />
            <source>Order number</source>
            <translation>订单号</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="262" />
            <source>Type</source>
            <translation>售后类型</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="264" />
            <source>Status</source>
            <translation>售后状态</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="267" />
            <source>Applied at (Beijing time)</source>
            <translation>申请时间（北京时间）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="268" />
            <source>Same as applied</source>
            <translation>同申请时间</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="271" />
            <source>Status since</source>
            <translation>当前状态开始于</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="273" />
            <source>Yuan, e.g. 129.90</source>
            <translation>单位：元，例如 129.90</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="274" />
            <source>Refund amount (yuan)</source>
            <translation>退款金额（元）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="276" />
            <source>Reason</source>
            <translation>售后原因</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="277" />
            <source>Not given</source>
            <translation>平台未给出</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="279" />
            <source>Platform deadline</source>
            <translation>平台截止时间</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="284" />
            <source>Platform</source>
            <translation>平台</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="287" />
            <source>Shop</source>
            <translation>店铺</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="290" />
            <source>Cannot save: %1</source>
            <translation>无法保存：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="312" />
            <source>Enter the shop name.</source>
            <translation>请填写店铺名称。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="313" />
            <source>Enter the case number.</source>
            <translation>请填写售后单号。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="322" />
            <source>Order %1 is in shop %2: a case belongs to its order's shop.</source>
            <translation>订单 %1 属于店铺「%2」：售后单须记在其订单所在的店铺下。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="316" />
            <source>This platform already has case %1; open it from the list to edit it.</source>
            <translation>该平台已有售后单 %1，请在列表中打开它进行修改。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="319" />
            <source>Enter the order number.</source>
            <translation>请填写订单号。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="322" />
            <source>Enter the refund amount, e.g. 29.90.</source>
            <translation>请填写退款金额，例如 29.90。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="327" />
            <source>The refund cannot exceed the %1 yuan paid for order %2.</source>
            <translation>退款金额不能超过订单 %2 的实付金额 %1 元。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="334" />
            <source>The status cannot begin before the application.</source>
            <translation>当前状态的开始时间不能早于申请时间。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="353" />
            <source>The application cannot be in the future.</source>
            <translation>申请时间不能晚于现在。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="355" />
            <source>The status cannot begin in the future.</source>
            <translation>状态开始时间不能晚于现在。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="359" />
            <source>The application cannot be before order %1 was paid (%2).</source>
            <translation>申请时间不能早于订单 %1 的付款时间（%2）。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="368" />
            <source>A return or exchange needs the goods: order %1 had not shipped when the case was applied for.</source>
            <translation>退货退款和换货需要订单已发货：申请时订单 %1 尚未发货。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="372" />
            <source>A refund-only case has no goods to return.</source>
            <translation>仅退款的售后没有退货环节。</translation>
        </message>
    </context>
    <context>
        <name>CheckPage</name>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="166" />
            <source>Check and import</source>
            <translation>检查并导入</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="190" />
            <source>orders</source>
            <translation>订单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="190" />
            <source>after-sales cases</source>
            <translation>售后单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="192" />
            <source>%1 data rows: %2 %3 can be imported.</source>
            <translation>共 %1 行数据，其中 %2 条%3可以导入。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="199" />
            <source>%1 problems in %2 rows were found:</source>
            <translation>共 %1 处错误（涉及 %2 行）：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="201" />
            <source>%1 problems in %2 rows were found; only the first %3 are listed:</source>
            <translation>共 %1 处错误（涉及 %2 行），仅列出前 %3 处：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="208" />
            <source>No problems were found.</source>
            <translation>没有发现问题。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="210" />
            <source>There is nothing to import.</source>
            <translation>没有可导入的数据。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="212" />
            <source>%1 %2</source>
            <translation>%1%2</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="216" />
            <source>Correct the file and choose it again, or tick the box below to import only the valid rows.</source>
            <translation>请修正文件后重新选择，或勾选下方的选项，只导入有效的行。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="220" />
            <source>No row can be imported. Correct the file and choose it again.</source>
            <translation>没有可以导入的行。请修正文件后重新选择。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="232" />
            <source>Skip the invalid rows and import only the %1 valid ones</source>
            <translation>跳过无效行，只导入 %1 条有效数据</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="240" />
            <source>Nothing has been written yet. Import writes all rows at once, or none.</source>
            <translation>目前还没有写入任何数据。导入时全部数据一次写入，失败则一条也不写入。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="260" />
            <source>The file has errors; nothing was imported.</source>
            <translation>文件有错误，未导入任何数据。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="262" />
            <source>Import failed, nothing was written: %1</source>
            <translation>导入失败，未写入任何数据：%1</translation>
        </message>
    </context>
    <context>
        <name>DataTab</name>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="75" />
            <source>(database server)</source>
            <translation>（数据库服务器）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="78" />
            <source>Data folder:</source>
            <translation>数据文件夹：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="82" />
            <source>Database:</source>
            <translation>数据库：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="83" />
            <source>Open data folder</source>
            <translation>打开数据文件夹</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="92" />
            <source>Back up now</source>
            <translation>立即备份</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="94" />
            <source>Restore from backup…</source>
            <translation>从备份恢复…</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="102" />
            <source>A database server is backed up by its admin.</source>
            <translation>服务器数据库请由管理员备份。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="104" />
            <source>Backups arrive with a later version.</source>
            <translation>备份功能将在以后的版本中提供。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="116" />
            <source>Backups:</source>
            <translation>备份：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="142" />
            <source>Last backup: %1</source>
            <translation>最近一次备份：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="144" />
            <source>No backups yet.</source>
            <translation>还没有备份。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="145" />
            <source>Last backup: none yet</source>
            <translation>最近一次备份：还没有</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="165" />
            <source>Backing up…</source>
            <translation>正在备份…</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="170" />
            <source>Backed up to %1</source>
            <translation>已备份到 %1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="175" />
            <source>Backup failed: %1</source>
            <translation>备份失败：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="182" />
            <source>Replace all current data with the backup of %1?

Everything entered since then is replaced. A safety copy of the current data is saved first, so this can be undone by restoring that copy.</source>
            <translation>要用 %1 的备份替换现在的全部数据吗？

此后录入的内容都会被替换。恢复前会先保存一份当前数据的安全副本，需要时可以再从该副本恢复。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="188" />
            <source>Restore from backup</source>
            <translation>从备份恢复</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="193" />
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="194" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="209" />
            <source>Restoring…</source>
            <translation>正在恢复…</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="218" />
            <source>Restored. The data from before the restore was saved to %1</source>
            <translation>已恢复。恢复前的数据已保存到 %1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_data.py" line="228" />
            <source>Nothing was restored: %1</source>
            <translation>未恢复任何数据：%1</translation>
        </message>
    </context>
    <context>
        <name>DetectPage</name>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="175" />
            <source>What the file is</source>
            <translation>识别结果</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="176" />
            <source>Check the detected format; choose another one if it is wrong.</source>
            <translation>请核对识别出的文件格式；如果不对，可以手动选择。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="183" />
            <source>Detect automatically</source>
            <translation>自动识别</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="199" />
            <source>Format:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="200" />
            <source>Platform:</source>
            <translation>平台：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="201" />
            <source>Encoding:</source>
            <translation>编码：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="202" />
            <source>Header row:</source>
            <translation>表头位置：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="203" />
            <source>Data rows:</source>
            <translation>数据行数：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="204" />
            <source>Read as:</source>
            <translation>按此格式读取：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="205" />
            <source>Shop:</source>
            <translation>店铺：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="206" />
            <source>Rows without a shop column are filed under this shop.</source>
            <translation>文件中没有「店铺」列时，数据记在这个店铺下。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="224" />
            <source>UTF-8 with BOM</source>
            <translation>UTF-8（带 BOM）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="227" />
            <source>Excel workbook (.xlsx)</source>
            <translation>Excel 工作簿（.xlsx）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="251" />
            <source>not recognised</source>
            <translation>未识别</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="255" />
            <source>several platforms</source>
            <translation>多个平台</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="258" />
            <source>row %1</source>
            <translation>第 %1 行</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="262" />
            <source>%1 (%2 with problems)</source>
            <translation>%1（其中 %2 行有问题）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="273" />
            <source>Next: choose which column holds each field.</source>
            <translation>下一步：手动指定每个字段对应文件中的哪一列。</translation>
        </message>
    </context>
    <context>
        <name>Dialogs</name>
        <message>
            <location filename="../../gui/dialogs/_common.py" line="50" />
            <source>en</source>
            <comment>language code of this catalogue</comment>
            <translation>zh_CN</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_common.py" line="115" />
            <source>%1:</source>
            <translation>%1：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_common.py" line="121" />
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_common.py" line="122" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_common.py" line="123" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
    </context>
    <context>
        <name>DonePage</name>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="272" />
            <source>Import finished</source>
            <translation>导入完成</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="284" />
            <source>%1: %2 new, %3 updated, %4 unchanged</source>
            <translation>%1：新增 %2，更新 %3，未变 %4</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="288" />
            <source>Orders</source>
            <translation>订单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="293" />
            <source>After-sales cases</source>
            <translation>售后单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="303" />
            <source>%1 invalid rows were skipped.</source>
            <translation>已跳过 %1 行无效数据。</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="69" />
            <location filename="../../gui/dialogs/export_dialog.py" line="127" />
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="74" />
            <source>Orders (%1)</source>
            <translation>订单（%1 条）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="75" />
            <source>After-sales cases (%1)</source>
            <translation>售后单（%1 条）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="76" />
            <source>Running deadlines</source>
            <translation>进行中的期限</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="88" />
            <source>CSV (UTF-8 with BOM, opens in Excel)</source>
            <translation>CSV（UTF-8 带 BOM，可直接用 Excel 打开）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="88" />
            <source>Excel workbook (.xlsx)</source>
            <translation>Excel 工作簿（.xlsx）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="97" />
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="104" />
            <source>Include buyers' full names, phones and addresses</source>
            <translation>包含买家的完整姓名、电话和地址</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="106" />
            <source>Off: buyer details are partly hidden, as in the lists (陈**, 137****5678).</source>
            <translation>不勾选时，买家信息与列表中一样隐去一部分（陈**、137****5678）。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="109" />
            <source>Export:</source>
            <translation>导出内容：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="110" />
            <source>Format:</source>
            <translation>格式：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="111" />
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="153" />
            <source>orders</source>
            <translation>订单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="154" />
            <source>cases</source>
            <translation>售后单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="155" />
            <source>deadlines</source>
            <translation>期限</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="174" />
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="174" />
            <source>Excel (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="177" />
            <source>Export to</source>
            <translation>导出到</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="191" />
            <source>Choose a file to export to.</source>
            <translation>请选择要导出到的文件。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="197" />
            <source>The file name must end in %1.</source>
            <translation>文件名必须以 %1 结尾。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="201" />
            <source>The folder does not exist.</source>
            <translation>文件夹不存在。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="241" />
            <source>Exported %1 rows to %2</source>
            <translation>已导出 %1 行到 %2</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="246" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="255" />
            <source>Export failed: %1</source>
            <translation>导出失败：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="263" />
            <source>%1 is open in another program; close it and try again</source>
            <translation>%1 正被其他程序打开，请关闭后重试</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="265" />
            <source>cannot write %1: the folder does not exist</source>
            <translation>无法写入 %1：文件夹不存在</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="267" />
            <source>no permission to write %1</source>
            <translation>没有写入权限：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="269" />
            <source>cannot write %1: the disk is full</source>
            <translation>无法写入 %1：磁盘已满</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="271" />
            <source>%1 is a folder, not a file</source>
            <translation>%1 是文件夹，不是文件</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="273" />
            <source>cannot write %1: the file name is too long</source>
            <translation>无法写入 %1：文件名太长</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="236" />
            <source>%1 already exists. Replace it?</source>
            <translation>%1 已存在，要替换它吗？</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="240" />
            <source>Replace</source>
            <translation>替换</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/export_dialog.py" line="241" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>FilePage</name>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="86" />
            <source>Choose the file</source>
            <translation>选择文件</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="88" />
            <source>An order or after-sales export from the platform's seller back end.</source>
            <translation>从平台商家后台导出的订单或售后文件。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="97" />
            <source>Drop a CSV or Excel (.xlsx) file here</source>
            <translation>把 CSV 或 Excel（.xlsx）文件拖到这里</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="99" />
            <source>Choose file…</source>
            <translation>选择文件…</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="122" />
            <source>Choose an export file</source>
            <translation>选择导出文件</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="124" />
            <source>Tables (*.csv *.xlsx *.xlsm *.txt);;All files (*)</source>
            <translation>表格文件 (*.csv *.xlsx *.xlsm *.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="154" />
            <source>File: %1</source>
            <translation>文件：%1</translation>
        </message>
    </context>
    <context>
        <name>HolidaysTab</name>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="127" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="127" />
            <source>Treat as</source>
            <translation>按此处理</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="127" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="127" />
            <source>Built-in calendar</source>
            <translation>内置日历</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="132" />
            <source>Add day</source>
            <translation>添加日期</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="134" />
            <source>Remove selected</source>
            <translation>删除所选</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="139" />
            <source>Statutory holidays and make-up working days are built in. Add a day here only when the official schedule differs, or for a year the built-in calendar does not cover yet.</source>
            <translation>法定节假日和调休上班日已经内置。只有当官方安排与内置日历不同，或内置日历还没有覆盖某一年时，才需要在这里添加。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="162" />
            <source>not covered</source>
            <translation>未覆盖</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="163" />
            <source>working day</source>
            <translation>工作日</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="163" />
            <source>day off</source>
            <translation>休息日</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="174" />
            <source>Day off (holiday)</source>
            <translation>休息日（放假）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="175" />
            <source>Working day (make-up day)</source>
            <translation>工作日（调休上班）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="215" />
            <source>The date %1 is listed twice.</source>
            <translation>「日期」%1 出现了两次。</translation>
        </message>
    </context>
    <context>
        <name>ImportErrors</name>
        <message>
            <location filename="../../gui/dialogs/import_models.py" line="89" />
            <source>Row</source>
            <translation>行</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_models.py" line="90" />
            <source>Column</source>
            <translation>列</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_models.py" line="91" />
            <source>Value</source>
            <translation>内容</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_models.py" line="92" />
            <source>Problem</source>
            <translation>问题</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_models.py" line="94" />
            <source>Row %1</source>
            <translation>第%1行</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <location filename="../../gui/dialogs/import_wizard.py" line="52" />
            <source>Import orders or after-sales cases</source>
            <translation>导入订单或售后单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_wizard.py" line="56" />
            <source>Next &gt;</source>
            <translation>下一步 &gt;</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_wizard.py" line="57" />
            <source>&lt; Back</source>
            <translation>&lt; 上一步</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_wizard.py" line="58" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_wizard.py" line="59" />
            <source>Finish</source>
            <translation>完成</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_wizard.py" line="60" />
            <source>Import</source>
            <translation>导入</translation>
        </message>
    </context>
    <context>
        <name>LanguageTab</name>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="237" />
            <source>The new language applies after ShopClock restarts.</source>
            <translation>重新启动售后时钟后，新的语言生效。</translation>
        </message>
    </context>
    <context>
        <name>MappingPage</name>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="150" />
            <source>The column "%1" is chosen for more than one field.</source>
            <translation>「%1」列被选给了多个字段；每个字段需要各自的一列。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="45" />
            <source>Match the columns</source>
            <translation>对应列</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="48" />
            <source>The file's headers differ from the known formats. For each required field, choose the column of the file that holds it.</source>
            <translation>文件的表头与已知格式不同。请为每个必需的字段选择文件中对应的列。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="57" />
            <source>The file is:</source>
            <translation>文件类型：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="63" />
            <source>No matching column in the file? Go back and choose another file, or another kind of file above.</source>
            <translation>文件中没有对应的列？请返回选择另一个文件，或在上方换一种文件类型。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="109" />
            <source>(choose a column)</source>
            <translation>（请选择一列）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_check.py" line="113" />
            <source>e.g. %1</source>
            <translation>例：%1</translation>
        </message>
    </context>
    <context>
        <name>OrderEditor</name>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="145" />
            <source>Edit order</source>
            <translation>修改订单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="145" />
            <source>New order</source>
            <translation>新建订单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="150" />
            <source>As shown on the platform, e.g. 240101-1234</source>
            <translation>与平台上显示的一致，例如 240101-1234</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="151" />
            <source>Order number</source>
            <translation>订单号</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="153" />
            <source>Goods</source>
            <translation>商品</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="155" />
            <source>Yuan, e.g. 129.90</source>
            <translation>单位：元，例如 129.90</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="156" />
            <source>Amount paid (yuan)</source>
            <translation>实付金额（元）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="160" />
            <source>Paid at (Beijing time)</source>
            <translation>付款时间（北京时间）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="161" />
            <source>Unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="164" />
            <source>Group formed at</source>
            <translation>成团时间</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="165" />
            <source>Ship by</source>
            <translation>承诺发货时间</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="166" />
            <source>Shipped at</source>
            <translation>发货时间</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="167" />
            <source>Receipt confirmed at</source>
            <translation>确认收货时间</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="175" />
            <source>Goods type</source>
            <translation>商品类型</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="176" />
            <source>Made to order (customised)</source>
            <translation>定制商品（按买家要求制作）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="178" />
            <source>Customised</source>
            <translation>定制</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="179" />
            <source>Pre-sale order</source>
            <translation>预售订单</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="181" />
            <source>Pre-sale</source>
            <translation>预售</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="185" />
            <source>Platform</source>
            <translation>平台</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="188" />
            <source>Shop</source>
            <translation>店铺</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="191" />
            <source>Cannot save: %1</source>
            <translation>无法保存：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="196" />
            <source>Enter the shop name.</source>
            <translation>请填写店铺名称。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="198" />
            <source>Enter the order number.</source>
            <translation>请填写订单号。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="202" />
            <source>This platform already has order %1; open it from the list to edit it.</source>
            <translation>该平台已有订单 %1，请在列表中打开它进行修改。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="205" />
            <source>Enter the amount paid, e.g. 129.90.</source>
            <translation>请填写实付金额，例如 129.90。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="211" />
            <source>Shipping cannot be before payment.</source>
            <translation>发货时间不能早于付款时间。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="213" />
            <source>Receipt cannot be before shipping.</source>
            <translation>确认收货时间不能早于发货时间。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="215" />
            <source>Receipt cannot be before payment.</source>
            <translation>确认收货时间不能早于付款时间。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="219" />
            <source>The group cannot form before payment.</source>
            <translation>成团时间不能早于付款时间。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="221" />
            <source>The ship-by time cannot be before payment.</source>
            <translation>承诺发货时间不能早于付款时间。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/record_editor.py" line="231" />
            <source>This has not happened yet: the time is in the future.</source>
            <translation>时间晚于现在：这件事还没有发生。</translation>
        </message>
    </context>
    <context>
        <name>PreviewPage</name>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="300" />
            <source>Preview</source>
            <translation>预览</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="301" />
            <source>The first rows of the file. Cells with a problem are red.</source>
            <translation>文件的前几行；有问题的单元格标为红色。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="328" />
            <source>Showing %1 rows.</source>
            <translation>显示 %1 行。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/import_pages.py" line="330" />
            <source>Showing %1 of %2 rows.</source>
            <translation>显示前 %1 行，共 %2 行。</translation>
        </message>
    </context>
    <context>
        <name>RecordForm</name>
        <message>
            <location filename="../../gui/dialogs/_form.py" line="69" />
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_form.py" line="151" />
            <source>Still to fill in: %1</source>
            <translation>还需填写：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_form.py" line="168" />
            <source>Not saved: %1</source>
            <translation>未保存：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/_form.py" line="174" />
            <source>Not saved: a number is too large (amounts at most %1 yuan).</source>
            <translation>未保存：数值过大（金额最多 %1 元）。</translation>
        </message>
    </context>
    <context>
        <name>RemindersTab</name>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="69" />
            <source>Due soon when less than:</source>
            <translation>「即将到期」：剩余时间少于</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="70" />
            <source>Urgent when less than:</source>
            <translation>「紧急」：剩余时间少于</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="73" />
            <source>A countdown turns amber (due soon) and then red (urgent) when the time left falls below these values. Urgent must not be more than due soon.</source>
            <translation>剩余时间少于上述数值时，倒计时先变为橙色（即将到期），再变为红色（紧急）。「紧急」的时间不能大于「即将到期」。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="89" />
            <source> hours</source>
            <translation> 小时</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="96" />
            <source>"Urgent" must be more than 0 hours.</source>
            <translation>「紧急」必须大于 0 小时。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="98" />
            <source>"Due soon" must be more than 0 hours.</source>
            <translation>「即将到期」必须大于 0 小时。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_tabs.py" line="106" />
            <source>"Urgent" (%1 h) must not be more than "Due soon" (%2 h).</source>
            <translation>「紧急」（%1 小时）不能大于「即将到期」（%2 小时）。</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <location filename="../../gui/dialogs/settings_dialog.py" line="41" />
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_dialog.py" line="49" />
            <source>Shops</source>
            <translation>店铺</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_dialog.py" line="50" />
            <source>Reminders</source>
            <translation>提醒</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_dialog.py" line="51" />
            <source>Holidays</source>
            <translation>节假日</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_dialog.py" line="52" />
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_dialog.py" line="53" />
            <source>Data</source>
            <translation>数据</translation>
        </message>
    </context>
    <context>
        <name>ShopsTab</name>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="61" />
            <source>New shop name</source>
            <translation>新店铺名称</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="62" />
            <source>Add shop</source>
            <translation>添加店铺</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="77" />
            <source>Not promised</source>
            <translation>未承诺</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="78" />
            <source> days</source>
            <translation> 天</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="80" />
            <source>After-sales period you promise from receipt; 0 means none is promised.</source>
            <translation>自买家确认收货起，店铺承诺的售后期限；0 表示没有承诺。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="84" />
            <source>Rule</source>
            <translation>规则</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="84" />
            <source>Your limit</source>
            <translation>店铺时限</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="84" />
            <source>Unit</source>
            <translation>单位</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="93" />
            <source>Add rule limit</source>
            <translation>添加规则时限</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="95" />
            <source>Remove selected</source>
            <translation>删除所选</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="99" />
            <source>Promised after-sales days:</source>
            <translation>承诺售后天数：</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="104" />
            <source>Your own limits replace the platform's for this shop, e.g. when you promise to handle refunds within 24 hours. A limit below the platform's minimum is refused.</source>
            <translation>店铺自己的时限会替代平台规则的时限，例如承诺 24 小时内处理退款。低于平台规定下限的时限不能保存。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="135" />
            <source>hours</source>
            <translation>小时</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="136" />
            <source>days</source>
            <translation>天</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="137" />
            <source>working days</source>
            <translation>个工作日</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="138" />
            <source>days from next midnight</source>
            <translation>天（次日零时起）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="143" />
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="151" />
            <source>shipped</source>
            <translation>已发货</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="151" />
            <source>unshipped</source>
            <translation>未发货</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="155" />
            <source>platform: %1</source>
            <translation>平台：%1</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="177" />
            <source>Enter the new shop's name.</source>
            <translation>请填写新店铺的名称。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="180" />
            <source>This shop already exists.</source>
            <translation>这个店铺已经存在。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="267" />
            <source>Shop %1: the rule %2 no longer exists; remove it.</source>
            <translation>店铺「%1」：规则 %2 已不存在，请删除这一行。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="273" />
            <source>Shop %1, %2: the limit must be at least 1.</source>
            <translation>店铺「%1」，%2：时限至少为 1。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="284" />
            <source>Shop %1, %2: %3 is below the platform's minimum of %4 hours; the platform does not allow a shorter limit.</source>
            <translation>店铺「%1」，%2：%3低于平台规定的下限%4小时，平台不允许更短的时限。</translation>
        </message>
        <message>
            <location filename="../../gui/dialogs/settings_shops.py" line="302" />
            <source>Shop %1: the same rule is listed twice.</source>
            <translation>店铺「%1」：同一条规则出现了两次。</translation>
        </message>
    </context>
</TS>
