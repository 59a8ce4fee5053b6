"""Chinese strings of the background: the agent, the start toast, the background sync."""

ZH = {
    # the agent, in the settings dialog and `cadence agent status`
    "Agent: not running; reminders stop when Cadence closes (cadence agent install).": (
        "后台提醒：未运行；关闭 Cadence 后提醒随之停止（cadence agent install）。"
    ),
    "Agent: running (process {pid}, since {since}).": "后台提醒：运行中（进程 {pid}，自 {since}）。",
    "Next reminder {time}: {what}.": "下一个提醒 {time}：{what}。",
    # the one toast when the app opens
    "Cadence": "Cadence",
    "Cards due": "到期的卡片",
    "{state}: {title} (due {due})": "{state}：{title}（{due} 截止）",
    # the background sync, in the settings dialog
    "Sync: not set up (cadence sync setup).": "同步：未设置（cadence sync setup）。",
    "Sync: set up, not run yet.": "同步：已设置，尚未运行。",
    "Last sync {time}: {result}": "上次同步 {time}：{result}",
    "Last sync {time} failed: {result}": "上次同步 {time} 失败：{result}",
}
