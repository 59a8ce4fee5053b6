"""Chinese strings of CalDAV sync: the report, the errors, the background service."""

ZH = {
    # the report
    "On the server: {c} created, {u} changed, {r} removed.": "服务器：新建 {c}，修改 {u}，删除 {r}。",
    "Here: {m} cards moved.": "本地：移动了 {m} 张卡片。",
    "{title} -> {column} ({why})": "{title} -> {column}（{why}）",
    "Dry run: nothing to change.": "试运行：无需更改。",
    "In sync: nothing to change.": "已同步：无需更改。",
    "Dry run: would create {c}, change {u}, remove {r} on the server and move {m} cards here.": (
        "试运行：将在服务器新建 {c}、修改 {u}、删除 {r}，并在本地移动 {m} 张卡片。"
    ),
    "Synced: {c} created, {u} changed, {r} removed on the server; {m} cards moved here.": (
        "已同步：服务器新建 {c}、修改 {u}、删除 {r}；本地移动 {m} 张卡片。"
    ),
    "{n} notes.": "{n} 条提示。",
    "Notes:": "提示：",
    "completed on the server": "已在服务器上完成",
    "reopened on the server": "已在服务器上重新打开",
    "+ the calendar {name}": "+ 日历 {name}",
    "The calendar {name} does not exist yet: the sync makes it.": "日历 {name} 还不存在：同步时会创建。",
    "{title} differs on the server; the next sync replaces it with the plan.": (
        "{title} 在服务器上的内容不同；下次同步将以计划为准覆盖。"
    ),
    "{title} was deleted on the server; the next sync puts it back (remove it from the plan to keep it away).": (
        "{title} 已在服务器上删除；下次同步会恢复它（若不想要，请从计划中删除）。"
    ),
    "{title} is no longer in the plan but was edited on the server: left there.": (
        "{title} 已不在计划中，但在服务器上被修改过：保留在服务器上。"
    ),
    "The to-do {title} was deleted on the server; it is not made again until its card changes.": (
        "待办 {title} 已在服务器上删除；在卡片改动之前不会重新创建。"
    ),
    "{title} had been edited on the server; the plan replaced it.": (
        "{title} 曾在服务器上被修改；已用计划覆盖。"
    ),
    "{title} was edited on the server; the next sync replaces it with the plan.": (
        "{title} 在服务器上被修改；下次同步将以计划为准覆盖。"
    ),
    "{title} (due {date})": "{title}（截止 {date}）",
    # errors
    "Sync is not set up: run `cadence sync setup --url URL --username NAME` first.": (
        "尚未设置同步：请先运行 `cadence sync setup --url URL --username NAME`。"
    ),
    "The server at {host} answered {status} {reason} for {url}.": (
        "服务器 {host} 对 {url} 返回了 {status} {reason}。"
    ),
    "The server at {host} refused the user name or password (401); run `cadence sync setup` again.": (
        "服务器 {host} 拒绝了用户名或密码（401）；请重新运行 `cadence sync setup`。"
    ),
    "The server at {host} does not allow this account to use {url} (403).": (
        "服务器 {host} 不允许此帐户使用 {url}（403）。"
    ),
    "Nothing was found at {url} (404); check the address.": "{url} 处什么也没有（404）；请检查地址。",
    "An item changed on the server while Cadence was syncing (412); nothing was changed here, run the sync again.": (
        "同步期间服务器上有条目被修改（412）；本地未做任何更改，请再同步一次。"
    ),
    "The server at {host} is busy ({status}); nothing was changed here, try again later.": (
        "服务器 {host} 正忙（{status}）；本地未做任何更改，请稍后再试。"
    ),
    "The server at {host} failed ({status} {reason}); nothing was changed here, try again later.": (
        "服务器 {host} 出错（{status} {reason}）；本地未做任何更改，请稍后再试。"
    ),
    "Cannot connect securely to {host}: {cause}; nothing was changed here.": (
        "无法与 {host} 建立安全连接：{cause}；本地未做任何更改。"
    ),
    "its certificate could not be verified": "其证书无法验证",
    "the secure connection failed": "安全连接失败",
    "The server at {host} did not answer within {seconds:g} s; nothing was changed here.": (
        "服务器 {host} 在 {seconds:g} 秒内没有响应；本地未做任何更改。"
    ),
    "Cannot reach the server at {host} (offline, or the server is down); nothing was changed here.": (
        "无法连接服务器 {host}（离线或服务器已停止）；本地未做任何更改。"
    ),
    "The connection to {host} failed; nothing was changed here.": (
        "与 {host} 的连接失败；本地未做任何更改。"
    ),
    "The server at {host} did not answer as a CalDAV server; check the address.": (
        "{host} 的响应不像 CalDAV 服务器；请检查地址。"
    ),
    "The sync with {host} failed ({error}); nothing was changed here.": (
        "与 {host} 同步失败（{error}）；本地未做任何更改。"
    ),
    "There is no calendar {name} on the server (it has: {names}).": (
        "服务器上没有日历 {name}（现有：{names}）。"
    ),
    "No password for {account} on this machine: run `cadence sync setup` or set CADENCE_SYNC_PASSWORD.": (
        "本机没有 {account} 的密码：请运行 `cadence sync setup` 或设置 CADENCE_SYNC_PASSWORD。"
    ),
    "The password command failed (exit status {code}).": "密码命令执行失败（退出码 {code}）。",
    "The password command printed no password.": "密码命令没有输出密码。",
    "The password command did not finish within {seconds} s.": "密码命令在 {seconds} 秒内没有结束。",
    "The password command could not run: {error}.": "密码命令无法运行：{error}。",
    "The password command holds the password itself; use a command that reads it from elsewhere (pass, a keychain, a 0600 file).": (
        "密码命令里直接包含了密码；请改用从别处读取密码的命令（pass、钥匙串、0600 文件）。"
    ),
    "The password file {path} would be inside the data folder; set CADENCE_CONFIG_DIR to a folder outside it.": (
        "密码文件 {path} 会落在数据文件夹内；请把 CADENCE_CONFIG_DIR 设为数据文件夹之外的目录。"
    ),
    "No password: give --password-command CMD, set CADENCE_SYNC_PASSWORD, or run this in a terminal to type it.": (
        "没有密码：请提供 --password-command CMD、设置 CADENCE_SYNC_PASSWORD，或在终端中运行以输入密码。"
    ),
    "No password was typed; nothing was saved.": "没有输入密码；未保存任何内容。",
    # the background service
    "A sync is already running.": "已有一个同步在进行。",
    "The sync failed unexpectedly ({error}).": "同步意外失败（{error}）。",
}
