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
    # one sentence for each failure (cadence.data.errors)
    "The disk is full: {path} could not be written.": "磁盘已满：无法写入 {path}。",
    "Your disk quota is used up: {path} could not be written.": "磁盘配额已用完：无法写入 {path}。",
    "The disk is mounted read-only: {path} cannot be written.": "磁盘以只读方式挂载：无法写入 {path}。",
    "Permission denied: you cannot use {path}.": "权限不足：你无法使用 {path}。",
    "{path} is a file, not a folder.": "{path} 是文件，不是文件夹。",
    "{path} is a folder, not a file.": "{path} 是文件夹，不是文件。",
    "There is no {path}.": "{path} 不存在。",
    "{path} is in the way: a file is where a folder should be.": (
        "{path} 挡住了路：文件夹的位置上有一个文件。"
    ),
    "The name {path} is too long.": "名称 {path} 太长。",
    "{path} is a loop of symbolic links.": "{path} 是循环的符号链接。",
    "The disk failed to read or write {path}.": "磁盘读写 {path} 时出错。",
    "The disk is full: nothing could be written.": "磁盘已满：无法写入任何内容。",
    "Your disk quota is used up: nothing could be written.": "磁盘配额已用完：无法写入任何内容。",
    "The disk is mounted read-only: nothing can be written.": "磁盘以只读方式挂载：无法写入。",
    "Permission denied.": "权限不足。",
    "The disk failed to read or write.": "磁盘读写出错。",
    "Could not use {path}: {reason}.": "无法使用 {path}：{reason}。",
    "The system refused: {reason}.": "系统拒绝了操作：{reason}。",
    "The change was not saved: {problem}.": "修改未保存：{problem}。",
    "{path} could not be read: {reason}.": "无法读取 {path}：{reason}。",
    "The data is nested too deeply to be read.": "数据嵌套太深，无法读取。",
    "There is not enough memory to do this.": "内存不足，无法完成。",
    "Something went wrong: {error}.": "出错了：{error}。",
}
