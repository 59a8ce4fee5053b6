"""Chinese strings of the data layer: recovery notices and the sentences for bad conditions."""

ZH = {
    # recovery notices
    "{file} could not be read ({reason}) and was kept aside as {moved}.": (
        "{file} 无法读取（{reason}），已另存为 {moved}。"
    ),
    "{file} could not be read ({reason}); it is left as it is (read-only).": (
        "{file} 无法读取（{reason}）；以只读方式打开，文件保持原样。"
    ),
    "No good copy was found: it starts empty.": "未找到完好的副本：从空白开始。",
    "Restored the copy open in this window, today's changes included.": (
        "已恢复本窗口中打开的副本，包括今天的修改。"
    ),
    "Restored the last version Cadence wrote, {copy}.": "已恢复 Cadence 最后写入的版本 {copy}。",
    "Restored from the backup {backup}; changes made after it are lost.": (
        "已从备份 {backup} 恢复；此后的修改已丢失。"
    ),
    "Showing a copy, not saved: {what}": "仅显示副本，未保存：{what}",
    "A change to {file} cut short by a crash was completed.": (
        "{file} 中因崩溃而中断的修改已补全。"
    ),
}
