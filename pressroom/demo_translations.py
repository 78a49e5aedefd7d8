# Chinese text is written with full-width punctuation and Chinese quotes,
# which RUF001 takes for look-alikes of ASCII ones.
# ruff: noqa: RUF001
"""The demo press room in Traditional and Simplified Chinese.

Hong Kong organisations publish in English, Traditional Chinese and Simplified
Chinese, and the demo shows the three the way they really occur: about half of
the releases in all three languages, most of the others in English and
Traditional Chinese only (the usual pair in Hong Kong), and two in English only,
so that every case a reader or an editor meets is on screen.

The two scripts are written apart, not converted character by character: Hong
Kong usage and 「」 quotes in Traditional Chinese (機械人, 初創企業, 空氣質素,
天台, 伺服器, 公噸), mainland usage and “” quotes in Simplified Chinese (机器人,
初创企业, 服务器, 屋顶, 吨). Each language a release has is complete (title,
summary, dateline, body, image texts, attachment titles): a release is never
half in one language and half in another.

Keys are the English demo's slugs (pressroom.demo.RELEASES, TAGS) and media
contacts' email handles (pressroom.demo.CONTACTS); field suffixes follow
django-modeltranslation (`title_zh_hant`, `title_zh_hans`).
"""

from django.utils.html import escape

ZH_HANT = "zh_hant"
ZH_HANS = "zh_hans"
CHINESE = (ZH_HANT, ZH_HANS)

PARK = {ZH_HANT: "海港科學園", ZH_HANS: "海港科学园"}
ORGANISATION = {ZH_HANT: "海港科學園公司", ZH_HANS: "海港科学园公司"}
DATELINE = {ZH_HANT: "香港", ZH_HANS: "香港"}

# slug: {language: (name, description)}
TAGS = {
    "sustainability": {
        ZH_HANT: ("可持續發展", "更環保的建築，更潔淨的能源。"),
        ZH_HANS: ("可持续发展", "更绿色的建筑，更清洁的能源。"),
    },
    "innovation": {
        ZH_HANT: ("創新", "來自園區實驗室與初創企業的新意念。"),
        ZH_HANS: ("创新", "来自园区实验室和初创企业的新创意。"),
    },
    "start-ups": {
        ZH_HANT: ("初創企業", "在我們培育計劃中成長的公司。"),
        ZH_HANS: ("初创企业", "在我们孵化项目中成长起来的企业。"),
    },
    "biotech": {
        ZH_HANT: ("生物科技", "生命科學、健康及醫療科技。"),
        ZH_HANS: ("生物医药", "生命科学、大健康与医疗器械。"),
    },
    "ai-robotics": {
        ZH_HANT: ("人工智能與機械人", "人工智能及機械人技術。"),
        ZH_HANS: ("人工智能与机器人", "人工智能与机器人技术。"),
    },
    "events": {
        ZH_HANT: ("活動", "論壇、開放日及比賽。"),
        ZH_HANS: ("活动", "论坛、开放日和竞赛。"),
    },
    "partnerships": {
        ZH_HANT: ("合作夥伴", "與大學及業界簽訂的合作協議。"),
        ZH_HANS: ("合作伙伴", "与高校和业界签署的合作协议。"),
    },
    "talent": {
        ZH_HANT: ("人才", "實習、研究員計劃及就業機會。"),
        ZH_HANS: ("人才", "实习、研究员项目和就业机会。"),
    },
    "corporate": {
        ZH_HANT: ("機構消息", "業績公布、人事任命及企業管治。"),
        ZH_HANS: ("企业动态", "业绩发布、人事任命和公司治理。"),
    },
    "smart-city": {
        ZH_HANT: ("智慧城市", "以科技服務我們的城市。"),
        ZH_HANS: ("智慧城市", "用科技服务我们的城市。"),
    },
}

# email handle: {language: role}; every contact works for ORGANISATION.
CONTACT_ROLES = {
    "grace.leung": {ZH_HANT: "企業傳訊主管", ZH_HANS: "企业传播总监"},
    "daniel.wong": {ZH_HANT: "傳媒關係高級經理", ZH_HANS: "媒体关系高级经理"},
    "priya.raman": {ZH_HANT: "公共事務經理", ZH_HANS: "公共事务经理"},
    "martin.ho": {ZH_HANT: "初創培育計劃傳訊主任", ZH_HANS: "孵化项目传播专员"},
    "sophie.chan": {ZH_HANT: "數碼傳訊經理", ZH_HANS: "数字传播经理"},
    "kenneth.lau": {ZH_HANT: "前傳訊主管", ZH_HANS: "前传播总监"},
}

# In the order of pressroom.demo.SPOKESPEOPLE: how the quote is introduced,
# title before name as Chinese press releases do.
SPOKESPEOPLE = [
    {ZH_HANT: "行政總裁張凱琳博士", ZH_HANS: "首席执行官张凯琳博士"},
    {ZH_HANT: "企業發展總監吳志偉先生", ZH_HANS: "企业发展总监吴志伟"},
    {ZH_HANT: "生物醫藥科技主管葉思敏博士", ZH_HANS: "生物医药技术负责人叶思敏博士"},
    {ZH_HANT: "培育計劃主管曾偉信先生", ZH_HANS: "孵化项目负责人曾伟信"},
]

# slug: {language: (title, summary)}. Releases in English only are absent;
# releases in Traditional Chinese only have no ZH_HANS entry.
RELEASES = {
    "park-commits-to-net-zero-by-2045": {
        ZH_HANT: (
            "海港科學園承諾於2045年前實現淨零排放",
            "園區公布減碳路線圖，由天台太陽能板到區域供冷系統，逐步削減碳排放。",
        ),
        ZH_HANS: (
            "海港科学园承诺2045年前实现净零排放",
            "园区发布减碳路线图，从屋顶光伏到区域供冷，分步降低碳排放。",
        ),
    },
    "green-tech-fund-opens": {
        ZH_HANT: (
            "2億港元綠色科技基金接受初創企業申請",
            "從事潔淨能源及廢物處理的初創企業，可申請最高1,000萬港元的配對資助。",
        ),
        ZH_HANS: (
            "2亿港元绿色科技基金面向初创企业开放申请",
            "从事清洁能源和固废处理的初创企业，可申请最高1000万港元的配套资助。",
        ),
    },
    "robotics-challenge-2021-winners": {
        ZH_HANT: (
            "「機械人挑戰賽2021」三支學生隊伍脫穎而出",
            "三所大學的參賽隊伍各展所長，設計出能分類回收物、攀爬樓梯及在醫院病房"
            "協助護理的機械人。",
        ),
        ZH_HANS: (
            "“机器人挑战赛2021”三支学生队伍脱颖而出",
            "三所高校的参赛队伍各显身手，研制出能分拣可回收物、爬楼梯，"
            "以及在医院病房协助护理的机器人。",
        ),
    },
    "biomedical-centre-opens": {
        ZH_HANT: (
            "全新生物醫藥中心開幕，設40間濕實驗室",
            "中心為生命科學公司提供共用儀器及潔淨室，企業進駐首日即可展開研發。",
        ),
        ZH_HANS: (
            "全新生物医药中心启用，配备40间湿实验室",
            "中心为生命科学企业提供共享仪器和洁净室，企业入驻首日即可开展研发。",
        ),
    },
    "annual-results-2021": {
        ZH_HANT: (
            "海港科學園2021年出租率創新高",
            "年內有180間公司進駐園區，出租率達94%。",
        ),
    },
    "ai-lab-partnership-university": {
        ZH_HANT: (
            "與海港大學合辦人工智能實驗室，培訓500名工程師",
            "實驗室讓大學研究人員與園區公司攜手推展機器學習應用項目。",
        ),
    },
    "smart-lamp-posts-pilot": {
        ZH_HANT: (
            "智慧燈柱試驗計劃監測園區空氣質素",
            "60支聯網燈柱即時匯報空氣質素、人流及泊車情況。",
        ),
    },
    "incubation-cohort-spring-2022": {
        ZH_HANT: (
            "42間初創企業加入春季培育計劃",
            "今屆規模為歷來最大，涵蓋金融科技、醫療科技及農業科技公司。",
        ),
    },
    "open-day-2022": {
        ZH_HANT: (
            "開放日重臨園區，吸引12,000人次參觀",
            "不少家庭參與機械人足球、虛擬實境手術體驗及太陽能車工作坊等活動。",
        ),
    },
    "medtech-startup-raises-series-b": {
        ZH_HANT: (
            "醫療科技初創NovaScan完成4,500萬美元B輪融資",
            "該培育公司研發的便攜式超聲波掃描器，現已在九個國家的診所使用。",
        ),
    },
    "district-cooling-phase-one": {
        ZH_HANT: (
            "區域供冷系統助大廈節能三成",
            "海水冷卻系統第一期已投入服務，為八幢大廈供冷。",
        ),
        ZH_HANS: (
            "区域供冷系统助楼宇节能30%",
            "海水冷却系统一期工程已投入使用，为八栋楼宇供冷。",
        ),
    },
    "annual-results-2022": {
        ZH_HANT: (
            "海港科學園公布2022年度業績",
            "收益按年增長11%，園區公司年內提交410項專利申請。",
        ),
    },
    "robotics-challenge-2023": {
        ZH_HANT: (
            "「機械人挑戰賽2023」首度開放予中學參加",
            "由14至18歲學生組成的隊伍，首次可參加青少年組賽事。",
        ),
    },
    "biotech-mou-european-institute": {
        ZH_HANT: (
            "與歐洲研究機構簽署合作備忘錄，加快臨床試驗",
            "園區公司可使用歐洲的臨床試驗點，並獲得藥物規管方面的專業意見。",
        ),
    },
    "autonomous-shuttle-trial": {
        ZH_HANT: (
            "自動駕駛穿梭巴士首度載客",
            "電動穿梭巴士來回渡輪碼頭與實驗室大樓，環線全長兩公里。",
        ),
        ZH_HANS: (
            "无人驾驶接驳车首次载客",
            "电动接驳车往返于渡轮码头和实验楼之间，环线全长2公里。",
        ),
    },
    "women-in-tech-fellowship": {
        ZH_HANT: (
            "「女性科技人才計劃」名額倍增至60個",
            "獲選者可獲為期一年的導師指導、津貼及實驗室使用權。",
        ),
    },
    "solar-rooftops-complete": {
        ZH_HANT: (
            "太陽能板鋪滿園區所有天台",
            "裝機容量達4.2兆瓦，供應園區12%的電力。",
        ),
        ZH_HANS: (
            "园区屋顶全面铺设光伏板",
            "装机容量达4.2兆瓦，可满足园区12%的用电需求。",
        ),
    },
    "annual-results-2023": {
        ZH_HANT: (
            "海港科學園公布2023年度業績",
            "園區公司僱員人數達21,000人，按年上升9%。",
        ),
        ZH_HANS: (
            "海港科学园发布2023年度业绩",
            "园区企业从业人员达21,000人，同比增长9%。",
        ),
    },
    "innovation-forum-2024": {
        ZH_HANT: (
            "「創新論壇2024」雲集80位講者",
            "為期兩日的論壇探討氣候科技、人工智能安全及醫療健康的未來。",
        ),
        ZH_HANS: (
            "“创新论坛2024”汇聚80位演讲嘉宾",
            "为期两天的论坛聚焦气候科技、人工智能安全和未来医疗健康。",
        ),
    },
    "agritech-vertical-farm": {
        ZH_HANT: (
            "垂直農場初創企業進駐園區",
            "GreenStack把舊貨倉改建為垂直農場，每年出產30公噸蔬菜。",
        ),
        ZH_HANS: (
            "垂直农场初创企业入驻园区",
            "GreenStack将旧仓库改造为垂直农场，年产蔬菜30吨。",
        ),
    },
    "data-centre-heat-reuse": {
        ZH_HANT: (
            "數據中心廢熱轉用於泳池供暖",
            "從伺服器回收的熱能，取代園區體育中心的燃氣鍋爐。",
        ),
    },
    "ai-compute-platform": {
        ZH_HANT: (
            "共用人工智能運算平台開放予園區公司",
            "初創企業可按小時租用GPU運算時間，毋須自行購置伺服器。",
        ),
        ZH_HANS: (
            "共享人工智能算力平台向园区企业开放",
            "初创企业可按小时租用GPU算力，无需自购服务器。",
        ),
    },
    "annual-results-2024": {
        ZH_HANT: (
            "海港科學園公布2024年度業績",
            "進駐園區的公司數目創新高，達520間。",
        ),
    },
    "talent-housing-opens": {
        ZH_HANT: (
            "人才公寓落成，照顧年輕研究人員住屋需要",
            "400個單位以低於市值的租金，租予35歲以下的園區僱員。",
        ),
        ZH_HANS: (
            "人才公寓投入使用，解决青年科研人员住房需求",
            "400套公寓以低于市场价的租金，面向35岁以下的园区员工出租。",
        ),
    },
    "biotech-accelerator-launch": {
        ZH_HANT: (
            "生物科技加速器首批支援十間公司",
            "每間公司均獲提供實驗室空間及種子資金，並可與合作醫院建立聯繫。",
        ),
        ZH_HANS: (
            "生物医药加速器首批支持十家企业",
            "每家企业均可获得实验室空间和种子资金，并对接合作医院资源。",
        ),
    },
    "harbour-walkway-sensors": {
        ZH_HANT: (
            "海濱長廊感應器預警水浸",
            "預警系統由兩間園區初創企業研發。",
        ),
        ZH_HANS: (
            "海滨步道传感器可预警内涝",
            "这套预警系统由两家园区初创企业研发。",
        ),
    },
    "robotics-challenge-2026-opens": {
        ZH_HANT: (
            "「機械人挑戰賽2026」現正接受報名",
            "大專及中學隊伍可於三月底前報名參賽。",
        ),
        ZH_HANS: (
            "“机器人挑战赛2026”开始报名",
            "高校和中学队伍可在3月底前报名参赛。",
        ),
    },
    "park-expansion-phase-three": {
        ZH_HANT: (
            "園區第三期擴建計劃獲批",
            "草稿待審：於東面填海區興建新實驗室大樓。",
        ),
    },
}

# slug: {language: subtitle}, for the releases with a subtitle in English
# (pressroom.demo.SUBTITLES).
SUBTITLES = {
    "park-commits-to-net-zero-by-2045": {
        ZH_HANT: "較特區政府訂下的2050年碳中和目標提早五年",
        ZH_HANS: "比香港特区政府提出的2050年碳中和目标提前五年",
    },
    "biomedical-centre-opens": {
        ZH_HANT: "首批12間租戶本月遷入",
        ZH_HANS: "首批12家企业本月入驻",
    },
    "ai-compute-platform": {
        ZH_HANT: "明年第二期機房啟用後，運算能力將倍增",
        ZH_HANS: "明年二期机房投用后，算力将翻一番",
    },
    "harbour-walkway-sensors": {
        ZH_HANT: "水位上漲前十分鐘，系統向長廊使用者的手機發出警示",
        ZH_HANS: "海水上涨前十分钟，系统即向步道游客的手机推送预警",
    },
}

# The other texts of a release, in each language. The English ones are in
# pressroom.demo; these say the same things the way a Chinese press release would.
TEXTS = {
    ZH_HANT: {
        "announced": (
            "海港科學園今日公布上述消息。過去二十年，園區一直致力把研究人員、"
            "初創企業與業界匯聚於海港旁的同一園區，是次計劃正是這方面工作的延續。"
        ),
        "quote": (
            "海港科學園{speaker}表示：「這是我們創新社群的重要里程碑，證明科研界、"
            "商界與公營機構攜手合作，定能成就更多。」"
        ),
        "key_facts": "重點",
        "facts": [
            "園區所有公司均可參與",
            "獲大學及業界夥伴支持",
            "進展將於園區年度業績中匯報",
        ],
        "more": '詳情請瀏覽<a href="https://example.com/">園區網站</a>。',
        "about": "關於海港科學園",
        "about_text": (
            "海港科學園是為本示範網站虛構的科學園，匯聚超過500間科技公司，"
            "共有21,000人在園區工作。"
        ),
        "hero_alt": "{title}插圖：晴空下的科學園大樓",
        "hero_caption": "黃昏時分的海港科學園。",
        "gallery_alt": "{title}現場圖片{number}",
        "gallery_caption": "圖{number}（共3張）。",
        "fact_sheet": "資料便覽（PDF）",
    },
    ZH_HANS: {
        "announced": (
            "海港科学园今天发布了这一消息。二十年来，园区始终致力于把科研人员、"
            "初创企业和产业界汇聚到海港边的同一园区，此次举措正是这项工作的延续。"
        ),
        "quote": (
            "海港科学园{speaker}表示：“这是我们创新社区的重要里程碑。它表明，"
            "只要科研界、企业界和公共部门携手合作，就能取得更大成就。”"
        ),
        "key_facts": "要点",
        "facts": [
            "面向园区所有入驻企业",
            "获得高校和业界合作伙伴支持",
            "进展情况将在园区年度业绩中公布",
        ],
        "more": '详情请访问<a href="https://example.com/">园区官网</a>。',
        "about": "关于海港科学园",
        "about_text": (
            "海港科学园是为本演示网站虚构的科学园，入驻科技企业500余家，"
            "从业人员达21,000人。"
        ),
        "hero_alt": "{title}配图：晴空下的科学园楼群",
        "hero_caption": "黄昏时分的海港科学园。",
        "gallery_alt": "{title}现场图片{number}",
        "gallery_caption": "图{number}（共3张）。",
        "fact_sheet": "概况资料（PDF）",
    },
}

# A title quoted inside another text: quotes within it become the inner kind.
_QUOTES = {
    ZH_HANT: ("「", "」", str.maketrans("「」", "『』")),
    ZH_HANS: ("“", "”", str.maketrans("“”", "‘’")),
}


def quoted(title, language):
    """`title` in the language's quotation marks, its own quotes nested."""
    opening, closing, inner = _QUOTES[language]
    return f"{opening}{title.translate(inner)}{closing}"


def release_languages(slug):
    """The Chinese languages the demo release `slug` is written in."""
    return [language for language in CHINESE if language in RELEASES.get(slug, {})]


def release_fields(slug, *, spokesperson, has_hero):
    """{field_language: text} for the release's Chinese fields (`title_zh_hant`…)."""
    fields = {}
    for language in release_languages(slug):
        title, summary = RELEASES[slug][language]
        texts = TEXTS[language]
        quote = texts["quote"].format(speaker=SPOKESPEOPLE[spokesperson][language])
        if slug in SUBTITLES:
            fields[f"subtitle_{language}"] = SUBTITLES[slug][language]
        fields |= {
            f"title_{language}": title,
            f"summary_{language}": summary,
            f"dateline_{language}": DATELINE[language],
            f"body_{language}": "".join(
                [
                    f"<p>{escape(summary)}</p>",
                    f"<p>{texts['announced']}</p>",
                    f"<blockquote><p>{escape(quote)}</p></blockquote>",
                    f"<h2>{texts['key_facts']}</h2>",
                    "<ul>",
                    *(f"<li>{fact}</li>" for fact in texts["facts"]),
                    "</ul>",
                    f"<p>{texts['more']}</p>",
                    f"<h3>{texts['about']}</h3>",
                    f"<p>{texts['about_text']}</p>",
                ]
            ),
        }
        if has_hero:
            fields |= {
                f"hero_alt_{language}": texts["hero_alt"].format(
                    title=quoted(title, language)
                ),
                f"hero_caption_{language}": texts["hero_caption"],
            }
    return fields


def gallery_fields(slug, number):
    """The Chinese alt text and caption of the release's gallery image `number`."""
    fields = {}
    for language in release_languages(slug):
        title = quoted(RELEASES[slug][language][0], language)
        texts = TEXTS[language]
        fields |= {
            f"alt_text_{language}": texts["gallery_alt"].format(
                title=title, number=number
            ),
            f"caption_{language}": texts["gallery_caption"].format(number=number),
        }
    return fields


def attachment_fields(slug):
    """The Chinese titles of the release's fact sheet."""
    return {
        f"title_{language}": TEXTS[language]["fact_sheet"]
        for language in release_languages(slug)
    }


def tag_fields(slug):
    """The Chinese names and descriptions of the tag `slug`."""
    fields = {}
    for language, (name, description) in TAGS[slug].items():
        fields |= {f"name_{language}": name, f"description_{language}": description}
    return fields


def contact_fields(handle):
    """The Chinese role and organisation of the media contact `handle`."""
    fields = {}
    for language, role in CONTACT_ROLES[handle].items():
        fields |= {
            f"role_{language}": role,
            f"organisation_{language}": ORGANISATION[language],
        }
    return fields
