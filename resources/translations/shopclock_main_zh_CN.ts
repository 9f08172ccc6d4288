<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BoardStatus</name>
    <message>
        <source>Urgent: %1</source>
        <translation>紧急 %1</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>已超时 %1</translation>
    </message>
    <message>
        <source>At risk before midnight: %1</source>
        <translation>今天24点前到期金额 %1</translation>
    </message>
</context>
<context>
    <name>BoardView</name>
    <message>
        <source>All tasks</source>
        <translation>全部待办</translation>
    </message>
    <message>
        <source>After-sales cases</source>
        <translation>售后</translation>
    </message>
    <message>
        <source>Orders to ship</source>
        <translation>待发货订单</translation>
    </message>
    <message>
        <source>Outcomes to confirm</source>
        <translation>待确认的系统结果</translation>
    </message>
    <message>
        <source>Any deadline</source>
        <translation>不限截止时间</translation>
    </message>
    <message>
        <source>Due by end of today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>Due by end of tomorrow</source>
        <translation>明天及以前到期</translation>
    </message>
    <message>
        <source>Due within 3 days</source>
        <translation>3天内到期</translation>
    </message>
    <message>
        <source>Custom dates…</source>
        <translation>自定义日期…</translation>
    </message>
    <message>
        <source>Search case/order no., item, buyer (Ctrl+F)</source>
        <translation>搜索售后单号、订单号、商品、买家（Ctrl+F）</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>近7天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>近30天</translation>
    </message>
    <message>
        <source>Applied any time</source>
        <translation>不限申请时间</translation>
    </message>
    <message>
        <source>All orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <source>Not shipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>With open after-sales</source>
        <translation>有进行中的售后</translation>
    </message>
    <message>
        <source>Paid any time</source>
        <translation>不限付款时间</translation>
    </message>
    <message>
        <source>Search order no., item, buyer (Ctrl+F)</source>
        <translation>搜索订单号、商品、买家（Ctrl+F）</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Case no.</source>
        <translation>售后单号</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Whose move</source>
        <translation>该谁处理</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>申请时间</translation>
    </message>
</context>
<context>
    <name>CountdownTableModel</name>
    <message>
        <source>Deadline: %1</source>
        <translation>截止时间：%1</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Select a case or an order to see its deadlines.</source>
        <translation>选择一条售后或订单，查看它的期限和操作。</translation>
    </message>
    <message>
        <source>Undo last step</source>
        <translation>撤销上一步</translation>
    </message>
    <message>
        <source>Undo the last change made by hand (Ctrl+Z)</source>
        <translation>撤销最近一次手动操作（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show the buyer&apos;s full name, phone and address until another case is opened</source>
        <translation>显示买家的完整姓名、电话和地址，直到打开另一条售后或订单</translation>
    </message>
    <message>
        <source>Buyer phone</source>
        <translation>买家电话</translation>
    </message>
    <message>
        <source>Buyer address</source>
        <translation>收货地址</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>What the buyer can still request</source>
        <translation>买家还能申请的售后</translation>
    </message>
    <message>
        <source>History</source>
        <translation>经过</translation>
    </message>
    <message>
        <source>Refund %1</source>
        <translation>退款 %1</translation>
    </message>
    <message>
        <source>Applied %1</source>
        <translation>申请于 %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>原因：%1</translation>
    </message>
    <message>
        <source>Return tracking no. %1</source>
        <translation>退货单号 %1</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <source>No deadline is running.</source>
        <translation>目前没有进行中的期限。</translation>
    </message>
    <message>
        <source>Record what the buyer or the platform did:</source>
        <translation>记录买家或平台的操作：</translation>
    </message>
    <message>
        <source>Someone else changed this case; it was reloaded.</source>
        <translation>这条售后刚被其他人或导入修改过，已重新载入。</translation>
    </message>
    <message>
        <source>Recorded: %1</source>
        <translation>已记录：%1</translation>
    </message>
    <message>
        <source>Cannot undo: the case was imported or edited after that step.</source>
        <translation>不能撤销：上一步之后此售后又被导入或修改过。</translation>
    </message>
    <message>
        <source>Nothing to undo: the last change was not made by hand.</source>
        <translation>没有可撤销的操作：最近一次变更不是手动操作。</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
    <message>
        <source>Return tracking number:</source>
        <translation>退货物流单号：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Reason (required):</source>
        <translation>原因（必填）：</translation>
    </message>
    <message>
        <source>Source: %1</source>
        <translation>来源：%1</translation>
    </message>
    <message>
        <source>Confidence: %1</source>
        <translation>可信度：%1</translation>
    </message>
    <message>
        <source>Deadline %1</source>
        <translation>截止 %1</translation>
    </message>
    <message>
        <source>May be requested from %1</source>
        <translation>%1 起可申请</translation>
    </message>
    <message>
        <source>May be requested now</source>
        <translation>现在可申请</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Order not imported yet</source>
        <translation>订单尚未导入</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Amount paid</source>
        <translation>实付金额</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Promised ship time</source>
        <translation>承诺发货时间</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收货时间</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <source>Goods type</source>
        <translation>商品类型</translation>
    </message>
    <message>
        <source>customised</source>
        <translation>定制</translation>
    </message>
    <message>
        <source>pre-sale</source>
        <translation>预售</translation>
    </message>
    <message>
        <source>Deadline passed: %1</source>
        <translation>超时：%1</translation>
    </message>
    <message>
        <source>Imported: %1</source>
        <translation>导入：%1</translation>
    </message>
    <message>
        <source>Entered: %1</source>
        <translation>录入：%1</translation>
    </message>
    <message>
        <source>tracking no. %1</source>
        <translation>物流单号 %1</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All platforms</source>
        <translation>全部平台</translation>
    </message>
    <message>
        <source>All shops</source>
        <translation>全部店铺</translation>
    </message>
    <message>
        <source>Anyone&apos;s move</source>
        <translation>不限处理方</translation>
    </message>
    <message>
        <source>%1&apos;s move</source>
        <translation>该%1处理</translation>
    </message>
    <message>
        <source>Any urgency</source>
        <translation>不限紧急程度</translation>
    </message>
</context>
<context>
    <name>LoadingPage</name>
    <message>
        <source>Loading orders and deadlines…</source>
        <translation>正在载入订单和期限…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>ShopClock is already running for this data folder but does not respond. Wait a moment and start it again, or end it in the Task Manager.</source>
        <translation>售后时钟已经在使用这个数据文件夹，但没有响应。请稍等片刻再启动，或在任务管理器中结束它。</translation>
    </message>
    <message>
        <source>ShopClock</source>
        <translation>售后时钟</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>售后</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>进行中的售后</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>全部售后</translation>
    </message>
    <message>
        <source>Assumed by rule</source>
        <translation>按规则推定的结果</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在载入…</translation>
    </message>
    <message>
        <source>Creating the demo shop…</source>
        <translation>正在创建演示店铺…</translation>
    </message>
    <message>
        <source>This part of ShopClock is not installed (%1).</source>
        <translation>这部分功能尚未安装（%1）。</translation>
    </message>
    <message>
        <source>The new language applies after a restart.</source>
        <translation>新的语言将在重新启动售后时钟后生效。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>New &amp;order…</source>
        <translation>新建订单(&amp;O)…</translation>
    </message>
    <message>
        <source>New after-&amp;sales case…</source>
        <translation>新建售后(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Edit selected…</source>
        <translation>编辑选中项(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Actions</source>
        <translation>操作(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Undo last step</source>
        <translation>撤销上一步(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;To do</source>
        <translation>待办(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Cases</source>
        <translation>售后(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Orders</source>
        <translation>订单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新载入(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Details panel</source>
        <translation>详情面板(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About ShopClock</source>
        <translation>关于售后时钟(&amp;A)</translation>
    </message>
</context>
<context>
    <name>OrdersModel</name>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Order no.</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>发货状态</translation>
    </message>
    <message>
        <source>After-sales</source>
        <translation>售后</translation>
    </message>
    <message>
        <source>Ship within</source>
        <translation>发货剩余</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
</context>
<context>
    <name>Reminders</name>
    <message>
        <source>%1 · case %2</source>
        <translation>%1 · 售后单 %2</translation>
    </message>
    <message>
        <source>%1 · order %2</source>
        <translation>%1 · 订单 %2</translation>
    </message>
    <message>
        <source>%1 (snoozed)</source>
        <translation>%1（稍后提醒）</translation>
    </message>
    <message>
        <source>Deadline passed: %1</source>
        <translation>期限已到：%1</translation>
    </message>
    <message>
        <source>%1 left: %2</source>
        <translation>还剩 %1：%2</translation>
    </message>
    <message>
        <source>%1 · %2 at stake</source>
        <translation>%1 · 涉及 %2</translation>
    </message>
    <message>
        <source>%1 deadlines passed, %2 coming up</source>
        <translation>%1 个期限已到，%2 个即将到期</translation>
    </message>
    <message>
        <source>%1 deadlines passed</source>
        <translation>%1 个期限已到</translation>
    </message>
    <message>
        <source>%1 deadlines coming up</source>
        <translation>%1 个期限即将到期</translation>
    </message>
    <message>
        <source>Deadlines to watch</source>
        <translation>需要关注的期限</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Of these: %1</source>
        <translation>其中 %1</translation>
    </message>
    <message>
        <source>Next: %1, %2 left</source>
        <translation>最近：%1，还剩 %2</translation>
    </message>
    <message>
        <source>Click to open ShopClock.</source>
        <translation>点击打开售后时钟。</translation>
    </message>
    <message>
        <source>ShopClock is still running</source>
        <translation>售后时钟仍在运行</translation>
    </message>
    <message>
        <source>Closing the window keeps ShopClock in the tray, counting down and reminding you. To quit, choose Quit in the tray icon&apos;s menu.</source>
        <translation>关闭窗口后，售后时钟留在托盘里继续倒计时和提醒。要完全退出，请在托盘图标的菜单里选择「退出」。</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Case no.</source>
        <translation>售后单号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作方</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>申请时间</translation>
    </message>
</context>
<context>
    <name>TimersModel</name>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Case / order no.</source>
        <translation>售后单号 / 订单号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Money at risk</source>
        <translation>涉及金额</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>ShopClock</source>
        <translation>售后时钟</translation>
    </message>
    <message>
        <source>%1 due within %2</source>
        <translation>%1 件 %2内到期</translation>
    </message>
    <message>
        <source>%1 overdue</source>
        <translation>%1 件已超时</translation>
    </message>
    <message>
        <source>Nothing due within %1</source>
        <translation>%1内没有到期的期限</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Reminders paused until %1</source>
        <translation>提醒已暂停至 %1</translation>
    </message>
    <message>
        <source>Open ShopClock</source>
        <translation>打开售后时钟</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>No deadlines coming up (%1 overdue)</source>
        <translation>没有即将到期的期限（%1 件已超时）</translation>
    </message>
    <message>
        <source>No running deadlines</source>
        <translation>没有进行中的期限</translation>
    </message>
    <message>
        <source>Next deadlines</source>
        <translation>接下来的期限</translation>
    </message>
    <message>
        <source>Remind me again about the last reminder</source>
        <translation>稍后再提醒上一条</translation>
    </message>
    <message>
        <source>In %1</source>
        <translation>%1后</translation>
    </message>
    <message>
        <source>Pause reminders for %1</source>
        <translation>暂停提醒 %1</translation>
    </message>
    <message>
        <source>Resume reminders (paused until %1)</source>
        <translation>恢复提醒（已暂停至 %1）</translation>
    </message>
    <message>
        <source>Sound with reminders</source>
        <translation>提醒时响铃</translation>
    </message>
    <message>
        <source>Start with the computer</source>
        <translation>开机时启动</translation>
    </message>
    <message>
        <source>Mute a shop</source>
        <translation>店铺静音</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Quiet hours</source>
        <translation>免打扰时段</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>No system tray here: reminders appear only in this window</source>
        <translation>此桌面没有系统托盘：提醒只显示在本窗口中</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>ShopClock</source>
        <translation>售后时钟</translation>
    </message>
    <message>
        <source>Every after-sales case runs on a platform timer. ShopClock lists them all, the most urgent first, and tells you which rule each deadline comes from.</source>
        <translation>每个售后都在平台的计时器上走，超时平台就会自动处理。售后时钟把所有期限列在一起，最急的排在最前，并告诉你每个期限来自哪条平台规则。</translation>
    </message>
    <message>
        <source>Start with the order or after-sales export from your platform&apos;s seller centre:</source>
        <translation>先从商家后台导出订单或售后表格：</translation>
    </message>
    <message>
        <source>Import a platform export…</source>
        <translation>导入平台导出的文件…</translation>
    </message>
    <message>
        <source>Open the demo shop</source>
        <translation>打开演示店铺</translation>
    </message>
    <message>
        <source>Three shops, about 200 orders and 40 cases, to try everything out</source>
        <translation>三个店铺、约200个订单和40个售后，可以随意试用</translation>
    </message>
    <message>
        <source>Your data stays on this computer: %1</source>
        <translation>数据只保存在这台电脑上：%1</translation>
    </message>
</context>
<context>
    <name>countdown</name>
    <message>
        <source>%1d %2</source>
        <translation>%1天 %2</translation>
    </message>
    <message>
        <source>Overdue %1d %2h</source>
        <translation>已超时 %1天%2小时</translation>
    </message>
    <message>
        <source>Overdue %1h %2m</source>
        <translation>已超时 %1小时%2分</translation>
    </message>
    <message>
        <source>Overdue %1m</source>
        <translation>已超时 %1分</translation>
    </message>
    <message>
        <source>Just overdue</source>
        <translation>刚刚超时</translation>
    </message>
    <message>
        <source>%1d %2h</source>
        <translation>%1天%2小时</translation>
    </message>
    <message>
        <source>%1h %2m</source>
        <translation>%1小时%2分</translation>
    </message>
    <message>
        <source>%1m</source>
        <translation>%1分</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <source>Taobao</source>
        <translation>淘宝</translation>
    </message>
    <message>
        <source>Tmall</source>
        <translation>天猫</translation>
    </message>
    <message>
        <source>Douyin</source>
        <translation>抖店</translation>
    </message>
    <message>
        <source>Refund only</source>
        <translation>仅退款</translation>
    </message>
    <message>
        <source>Return and refund</source>
        <translation>退货退款</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>换货</translation>
    </message>
    <message>
        <source>Awaiting merchant</source>
        <translation>待商家处理</translation>
    </message>
    <message>
        <source>Rejected by merchant</source>
        <translation>商家已拒绝</translation>
    </message>
    <message>
        <source>Awaiting buyer&apos;s return</source>
        <translation>待买家退货</translation>
    </message>
    <message>
        <source>Return shipped</source>
        <translation>买家已退货</translation>
    </message>
    <message>
        <source>Platform intervention</source>
        <translation>平台介入</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>退款成功</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>售后关闭</translation>
    </message>
    <message>
        <source>Cancelled by buyer</source>
        <translation>买家已撤销</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Platform system</source>
        <translation>平台系统</translation>
    </message>
    <message>
        <source>ShopClock user</source>
        <translation>本店操作员</translation>
    </message>
    <message>
        <source>Entered by hand</source>
        <translation>手动录入</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>By rule</source>
        <translation>按规则</translation>
    </message>
    <message>
        <source>Platform rule text</source>
        <translation>平台规则原文</translation>
    </message>
    <message>
        <source>Common seller reading</source>
        <translation>卖家常用口径</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估计</translation>
    </message>
    <message>
        <source>Given by the platform</source>
        <translation>平台给出</translation>
    </message>
    <message>
        <source>Computed by rule</source>
        <translation>按规则计算</translation>
    </message>
    <message>
        <source>Not urgent</source>
        <translation>不急</translation>
    </message>
    <message>
        <source>Due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Fruit</source>
        <translation>水果</translation>
    </message>
    <message>
        <source>Fresh food</source>
        <translation>生鲜</translation>
    </message>
    <message>
        <source>Virtual</source>
        <translation>虚拟</translation>
    </message>
    <message>
        <source>Car</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <source>Buyer resubmitted</source>
        <translation>买家重新提交</translation>
    </message>
    <message>
        <source>Buyer cancelled</source>
        <translation>买家已撤销</translation>
    </message>
    <message>
        <source>Return shipped…</source>
        <translation>买家已寄回…</translation>
    </message>
    <message>
        <source>Confirm refund</source>
        <translation>确认收货并退款</translation>
    </message>
    <message>
        <source>Refuse the return…</source>
        <translation>拒绝收货…</translation>
    </message>
    <message>
        <source>Replacement sent</source>
        <translation>已重新发货</translation>
    </message>
    <message>
        <source>Platform ruled for buyer</source>
        <translation>平台判买家胜</translation>
    </message>
    <message>
        <source>Platform ruled for merchant</source>
        <translation>平台判商家胜</translation>
    </message>
    <message>
        <source>Confirm assumed outcome</source>
        <translation>确认系统结果</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>添加备注…</translation>
    </message>
    <message>
        <source>Agree to refund</source>
        <translation>同意退款</translation>
    </message>
    <message>
        <source>Agree to return</source>
        <translation>同意退货</translation>
    </message>
    <message>
        <source>Agree to exchange</source>
        <translation>同意换货</translation>
    </message>
    <message>
        <source>Merchant agreed</source>
        <translation>商家同意</translation>
    </message>
    <message>
        <source>Merchant rejected</source>
        <translation>商家拒绝</translation>
    </message>
    <message>
        <source>Buyer shipped the return</source>
        <translation>买家寄回退货</translation>
    </message>
    <message>
        <source>Platform intervention requested</source>
        <translation>申请平台介入</translation>
    </message>
    <message>
        <source>Merchant confirmed the refund</source>
        <translation>商家确认退款</translation>
    </message>
    <message>
        <source>Merchant refused the return</source>
        <translation>商家拒绝收货</translation>
    </message>
    <message>
        <source>Merchant sent the replacement</source>
        <translation>商家已发出换货</translation>
    </message>
    <message>
        <source>Platform ruled for the buyer</source>
        <translation>平台判定支持买家</translation>
    </message>
    <message>
        <source>Platform ruled for the merchant</source>
        <translation>平台判定支持商家</translation>
    </message>
    <message>
        <source>Assumed outcome confirmed</source>
        <translation>已确认系统结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Deadline passed</source>
        <translation>期限已过</translation>
    </message>
    <message>
        <source>Imported from the platform</source>
        <translation>从平台导入</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>录入</translation>
    </message>
    <message>
        <source>Not possible in the case&apos;s current state</source>
        <translation>当前状态下不能进行此操作</translation>
    </message>
    <message>
        <source>Not possible for this kind of after-sales case</source>
        <translation>此类售后不支持此操作</translation>
    </message>
    <message>
        <source>Please enter a reason</source>
        <translation>请填写原因</translation>
    </message>
    <message>
        <source>Please enter the tracking number</source>
        <translation>请填写退货物流单号</translation>
    </message>
    <message>
        <source>The buyer cannot ask the platform to intervene yet</source>
        <translation>还没到买家可以申请平台介入的时间</translation>
    </message>
    <message>
        <source>The current state was not assumed by a rule; nothing to confirm</source>
        <translation>当前状态不是按规则推定的，无需确认</translation>
    </message>
    <message>
        <source>The action&apos;s time is before the current state began</source>
        <translation>操作时间早于当前状态的开始时间</translation>
    </message>
    <message>
        <source>Please enter the note</source>
        <translation>请填写备注内容</translation>
    </message>
    <message>
        <source>This state&apos;s deadline has passed: the platform has already acted by its rule</source>
        <translation>这个状态的期限已过，平台已按规则处理</translation>
    </message>
    <message>
        <source>The action&apos;s time is later than now</source>
        <translation>操作时间晚于现在</translation>
    </message>
    <message>
        <source>Merchant must handle</source>
        <translation>商家处理期限</translation>
    </message>
    <message>
        <source>Buyer may resubmit or escalate</source>
        <translation>买家修改或申请介入的期限</translation>
    </message>
    <message>
        <source>Buyer must ship the return</source>
        <translation>买家退货期限</translation>
    </message>
    <message>
        <source>Merchant must confirm the return</source>
        <translation>商家确认退货期限</translation>
    </message>
    <message>
        <source>Merchant must submit evidence</source>
        <translation>商家举证期限</translation>
    </message>
    <message>
        <source>Platform review</source>
        <translation>平台审核</translation>
    </message>
    <message>
        <source>Refund reaches the buyer</source>
        <translation>退款到账</translation>
    </message>
    <message>
        <source>Buyer may ask the platform</source>
        <translation>买家可申请平台介入</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>发货期限</translation>
    </message>
    <message>
        <source>Platform deadline</source>
        <translation>平台期限</translation>
    </message>
    <message>
        <source>Refund-only requests</source>
        <translation>仅退款申请期</translation>
    </message>
    <message>
        <source>Return-and-refund requests</source>
        <translation>退货退款申请期</translation>
    </message>
    <message>
        <source>Exchange requests</source>
        <translation>换货申请期</translation>
    </message>
    <message>
        <source>7-day no-reason return</source>
        <translation>七天无理由退货</translation>
    </message>
    <message>
        <source>Handle refund request</source>
        <translation>处理退款申请</translation>
    </message>
    <message>
        <source>Handle return request</source>
        <translation>处理退货退款申请</translation>
    </message>
    <message>
        <source>Handle exchange request</source>
        <translation>处理换货申请</translation>
    </message>
    <message>
        <source>Confirm return, send replacement</source>
        <translation>确认退货并换货</translation>
    </message>
    <message>
        <source>Confirm returned goods</source>
        <translation>确认退货</translation>
    </message>
    <message>
        <source>Submit evidence to platform</source>
        <translation>向平台举证</translation>
    </message>
    <message>
        <source>Ship the order</source>
        <translation>发货</translation>
    </message>
    <message>
        <source>Act before platform deadline</source>
        <translation>在平台期限前处理</translation>
    </message>
    <message>
        <source>Wait for buyer&apos;s reply</source>
        <translation>等待买家回应</translation>
    </message>
    <message>
        <source>Wait for buyer&apos;s return</source>
        <translation>等待买家退货</translation>
    </message>
    <message>
        <source>Wait for platform review</source>
        <translation>等待平台审核</translation>
    </message>
    <message>
        <source>Refund on its way</source>
        <translation>退款到账中</translation>
    </message>
    <message>
        <source>Buyer may escalate</source>
        <translation>买家可申请介入</translation>
    </message>
    <message>
        <source>Handle the after-sales request</source>
        <translation>处理售后申请</translation>
    </message>
    <message>
        <source>Check and confirm: %1</source>
        <translation>确认：%1</translation>
    </message>
    <message>
        <source>Still open on the platform when the last export was imported: answer soon</source>
        <translation>最近导入时平台上仍未处理：请尽快处理</translation>
    </message>
    <message>
        <source>Refund auto-approved by the system (assumed)</source>
        <translation>系统已自动同意退款（推定）</translation>
    </message>
    <message>
        <source>Refunded without return: money and goods lost (assumed)</source>
        <translation>系统已直接退款，无需退货，钱货两失（推定）</translation>
    </message>
    <message>
        <source>Return auto-approved by the system (assumed)</source>
        <translation>系统已自动同意退货（推定）</translation>
    </message>
    <message>
        <source>Buyer overdue, case closed (assumed)</source>
        <translation>买家逾期，售后已关闭（推定）</translation>
    </message>
    <message>
        <source>The platform decides (assumed)</source>
        <translation>由平台判定（推定）</translation>
    </message>
    <message>
        <source>Platform ruled for the buyer (assumed)</source>
        <translation>平台已支持买家（推定）</translation>
    </message>
    <message>
        <source>Shipped late: compensation due to the buyer (assumed)</source>
        <translation>发货超时，需按规则赔付买家（推定）</translation>
    </message>
    <message>
        <source>Buyer can no longer apply</source>
        <translation>买家已不能再申请</translation>
    </message>
    <message>
        <source>Time reached</source>
        <translation>时间已到</translation>
    </message>
    <message>
        <source>Buyer may now ask the platform</source>
        <translation>买家现在可以申请平台介入</translation>
    </message>
    <message>
        <source>Refunded by the system (assumed)</source>
        <translation>系统已退款（推定）</translation>
    </message>
    <message>
        <source>Closed by the system (assumed)</source>
        <translation>系统已关闭售后（推定）</translation>
    </message>
    <message>
        <source>Passed to the platform (assumed)</source>
        <translation>已转平台处理（推定）</translation>
    </message>
    <message>
        <source>%1 (assumed)</source>
        <translation>%1（推定）</translation>
    </message>
    <message>
        <source>the request window has closed</source>
        <translation>申请期已过</translation>
    </message>
    <message>
        <source>special goods (%1)</source>
        <translation>%1类商品</translation>
    </message>
    <message>
        <source>customised goods in production</source>
        <translation>定制商品生产中</translation>
    </message>
    <message>
        <source>not shipped yet</source>
        <translation>尚未发货</translation>
    </message>
    <message>
        <source>not received yet</source>
        <translation>尚未收货</translation>
    </message>
    <message>
        <source>the buyer has cancelled too often</source>
        <translation>买家撤销次数已达上限</translation>
    </message>
    <message>
        <source>another after-sales case is open</source>
        <translation>已有进行中的售后</translation>
    </message>
    <message>
        <source>not offered on this platform</source>
        <translation>该平台不提供</translation>
    </message>
    <message>
        <source>only for quality problems</source>
        <translation>仅限质量问题</translation>
    </message>
    <message>
        <source>no 7-day no-reason return</source>
        <translation>不支持七天无理由</translation>
    </message>
    <message>
        <source>not while in production</source>
        <translation>生产中不可申请</translation>
    </message>
    <message>
        <source>to be agreed with the merchant</source>
        <translation>需与商家协商</translation>
    </message>
    <message>
        <source>Not shipped</source>
        <translation>未发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>With open after-sales</source>
        <translation>有进行中的售后</translation>
    </message>
    <message>
        <source>While you were away</source>
        <translation>离开期间</translation>
    </message>
    <message>
        <source>While reminders were held (quiet hours or a pause)</source>
        <translation>免打扰或暂停期间</translation>
    </message>
    <message>
        <source>Several deadlines at once</source>
        <translation>多个期限同时临近</translation>
    </message>
    <message>
        <source>%1 still open on the platform when the export was imported</source>
        <translation>%1 件在导入时平台上仍未处理</translation>
    </message>
    <message>
        <source>%1 refunded automatically by the system</source>
        <translation>%1 件系统已自动退款</translation>
    </message>
    <message>
        <source>%1 refunded without the goods coming back</source>
        <translation>%1 件已退款但货未退回</translation>
    </message>
    <message>
        <source>%1 returns approved automatically</source>
        <translation>%1 件系统已自动同意退货</translation>
    </message>
    <message>
        <source>%1 closed, the buyer was late</source>
        <translation>%1 件买家超时已关闭</translation>
    </message>
    <message>
        <source>%1 passed to the platform</source>
        <translation>%1 件转由平台处理</translation>
    </message>
    <message>
        <source>%1 ruled for the buyer</source>
        <translation>%1 件平台判买家胜诉</translation>
    </message>
    <message>
        <source>%1 shipped late, compensation due</source>
        <translation>%1 件发货超时需赔付</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 件%2</translation>
    </message>
    <message>
        <source>7-day no-reason return until %1</source>
        <translation>七天无理由退货至 %1</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>「%1 %2：%3」</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>「%1：%2」</translation>
    </message>
    <message>
        <source>A deadline the platform gave; no rule in the pack covers this state</source>
        <translation>平台给出的期限；规则包中没有对应这一状态的规则</translation>
    </message>
    <message>
        <source>%1 can be requested until %2</source>
        <translation>%1可申请至 %2</translation>
    </message>
    <message>
        <source>%1 can be requested (end not known yet)</source>
        <translation>%1可申请（截止时间待收货后确定）</translation>
    </message>
    <message>
        <source>%1 not possible: %2</source>
        <translation>不可%1：%2</translation>
    </message>
    <message>
        <source>The export imported at %1 still showed this state, after the rule&apos;s deadline: the platform&apos;s real deadline is later. Check it on the platform and answer soon.</source>
        <translation>%1 导入的文件在规则期限过后仍显示此状态：平台的实际期限更晚。请到平台查看，并尽快处理。</translation>
    </message>
    <message>
        <source>Not known whether the order had shipped; the earliest deadline is shown</source>
        <translation>不确定申请时是否已发货，按最早的期限显示</translation>
    </message>
    <message>
        <source>Goods type not known; the earliest deadline is shown</source>
        <translation>商品类型未知，按最早的期限显示</translation>
    </message>
    <message>
        <source>The rule version this timer started under is gone; the newest is used</source>
        <translation>开始计时时的规则版本已不存在，按最新版本计算</translation>
    </message>
    <message>
        <source>The shop&apos;s own limit is below the platform minimum and was ignored</source>
        <translation>店铺自定的时限低于平台下限，已忽略</translation>
    </message>
    <message>
        <source>No rule covers this state; only the platform&apos;s deadline is shown</source>
        <translation>没有规则对应这一状态，只显示平台给出的期限</translation>
    </message>
    <message>
        <source>A refund was requested before shipping</source>
        <translation>发货前已申请退款</translation>
    </message>
    <message>
        <source>Holiday data does not cover %1; counting Monday to Friday as working days</source>
        <translation>节假日数据未覆盖%1年，按周一至周五计算</translation>
    </message>
    <message>
        <source>Special period in force: %1</source>
        <translation>特殊时期规则生效：%1</translation>
    </message>
</context>
</TS>
