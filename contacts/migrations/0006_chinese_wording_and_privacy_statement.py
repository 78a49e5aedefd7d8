"""
The default consent wording in Traditional and Simplified Chinese, and the
privacy statement (until now a template) as versions staff can edit, in
English, Traditional and Simplified Chinese.

The Chinese wordings translate the default English one (0002): they are
added only while that is still the current English wording, so a site that
has published its own does not get a translation of words it no longer uses
(the admin then shows those languages missing).
"""

import hashlib

from django.db import migrations
from django.utils import timezone

DEFAULT_WORDING_EN = (
    "I agree that {site} may use my name, email address, phone number and "
    "organisation to send me information about its events, programmes and "
    "newsletters (direct marketing). I can withdraw this consent at any time, "
    "free of charge, through the unsubscribe link in any email or the Contact Us "
    "form."
)

# PDPO s35C: the personal data used, the kinds of marketing, and that opting
# out is free. 直接促銷 / 直接促销 is the Ordinance's own term in both scripts.
DEFAULT_WORDING = {
    "zh-hant": (
        "本人同意{site}使用本人的姓名、電郵地址、電話號碼及所屬機構，向本人發送"
        "有關其活動、計劃及電子通訊的資訊（直接促銷）。本人可隨時透過任何電郵內的"
        "取消訂閱連結或「聯絡我們」表格撤回此同意，費用全免。"
    ),
    "zh-hans": (
        "本人同意{site}使用本人的姓名、电子邮件地址、电话号码及所属机构，向本人发送"
        "有关其活动、项目及电子通讯的信息（直接促销）。本人可随时通过任何电子邮件中的"
        "退订链接或“联系我们”表格撤回此同意，不收取任何费用。"
    ),
}

PRIVACY_STATEMENT = {
    "en": """\
<p>This statement explains how {site} handles the personal data you give us \
through the Contact Us form, as the Personal Data (Privacy) Ordinance (Cap. 486) \
of Hong Kong requires.</p>
<h2>What we collect</h2>
<p>Your name, email address, and, if you give them, your phone number and \
organisation; the topic, subject and message of your enquiry; and, to protect \
the form from abuse and to prove any consent you give, the time of submission, \
your IP address and your browser's user agent.</p>
<p>Name, email address, topic, subject and message are needed to answer your \
enquiry: without them we cannot handle it. Phone number and organisation are \
optional.</p>
<h2>Why we collect it</h2>
<ul>
<li><p>To answer and follow up your enquiry.</p></li>
<li><p>To keep records of enquiries and of how they were handled.</p></li>
<li><p>Only if you tick the marketing box: to send you news about our events, \
programmes and newsletters, using your name, email address, phone number and \
organisation.</p></li>
</ul>
<p>Marketing is optional. Your enquiry is sent whether or not you agree to it, \
and you may withdraw your consent at any time, free of charge: use the \
unsubscribe link in any of our emails, or contact us as below.</p>
<h2>Who may receive it</h2>
<p>Your personal data is used by our staff who handle enquiries and \
communications. It may be transferred to:</p>
<ul>
<li><p>service providers who host our website, send our emails or run our \
mailing tools for us, under contract and only for these purposes;</p></li>
<li><p>our professional advisers, and authorities where the law requires \
it.</p></li>
</ul>
<p>We do not sell your personal data or give it to others for their own \
marketing.</p>
<h2>How long we keep it</h2>
<p>Enquiries are deleted after our retention period unless you agreed to \
marketing. Records of consent given or withdrawn are kept so that we can prove \
them.</p>
<h2>Access and correction</h2>
<p>You have the right to ask whether we hold personal data about you, to \
request a copy of it, and to ask us to correct it if it is inaccurate. We may \
charge a reasonable fee for a copy, as the Ordinance allows.</p>
<h2>Contact</h2>
<p>Send requests for access or correction, questions about this statement, or \
a withdrawal of consent to our Data Protection Officer through the \
<a href="/contact/">Contact Us form</a>, choosing the topic that fits best, or \
by letter to our office.</p>""",
    "zh-hant": """\
<p>本聲明說明{site}如何處理您透過「聯絡我們」表格提供的個人資料，以符合香港\
《個人資料（私隱）條例》（第486章）的規定。</p>
<h2>我們收集的資料</h2>
<p>您的姓名、電郵地址，以及（如您提供）電話號碼及所屬機構；您查詢的類別、\
主題及內容；此外，為防止表格遭濫用，並證明您所給予的任何同意，我們亦會記錄\
提交時間、您的 IP 位址及瀏覽器的用戶代理（user agent）資料。</p>
<p>姓名、電郵地址、查詢類別、主題及內容是回覆您的查詢所必需的資料：如未能\
提供，我們將無法處理您的查詢。電話號碼及所屬機構可選擇是否提供。</p>
<h2>收集資料的目的</h2>
<ul>
<li><p>回覆及跟進您的查詢。</p></li>
<li><p>保存查詢及其處理情況的紀錄。</p></li>
<li><p>僅在您勾選直接促銷選項的情況下：使用您的姓名、電郵地址、電話號碼及\
所屬機構，向您發送有關我們的活動、計劃及電子通訊的資訊。</p></li>
</ul>
<p>接收直接促銷資訊與否，由您自行決定。無論您是否同意，您的查詢均會照常\
發送；您亦可隨時免費撤回同意：請使用我們任何電郵內的取消訂閱連結，或按下文\
方法與我們聯絡。</p>
<h2>資料可能轉移予誰</h2>
<p>您的個人資料由我們負責處理查詢及傳訊工作的職員使用，並可能轉移予：</p>
<ul>
<li><p>為我們寄存網站、發送電郵或營運郵件工具的服務供應商，並受合約約束，\
只可用於上述目的；</p></li>
<li><p>我們的專業顧問，以及在法律規定下的有關當局。</p></li>
</ul>
<p>我們不會出售您的個人資料，亦不會將其提供予他人作其本身的促銷用途。</p>
<h2>資料保留期限</h2>
<p>除非您已同意接收直接促銷資訊，否則查詢會在保留期屆滿後刪除。給予或撤回\
同意的紀錄則會保留，以便我們作出證明。</p>
<h2>查閱及改正資料</h2>
<p>您有權查詢我們是否持有您的個人資料、要求索取該等資料的複本，以及要求我們\
改正任何不準確的資料。在條例容許的範圍內，我們或會就提供資料複本收取合理\
費用。</p>
<h2>聯絡我們</h2>
<p>如欲提出查閱或改正資料的要求、對本聲明有任何疑問，或撤回同意，請透過\
<a href="/zh-hant/contact/">「聯絡我們」表格</a>（選擇最合適的查詢類別）或\
致函本機構辦事處，與我們的保障資料主任聯絡。</p>""",
    "zh-hans": """\
<p>本声明说明{site}如何处理您通过“联系我们”表格提供的个人信息，以符合香港\
《个人资料（私隐）条例》（第486章）的规定。</p>
<h2>我们收集的信息</h2>
<p>您的姓名、电子邮件地址，以及（如您提供）电话号码和所属机构；您咨询的类别、\
主题和内容；此外，为防止表格被滥用，并证明您给予的任何同意，我们还会记录\
提交时间、您的 IP 地址和浏览器的用户代理（user agent）信息。</p>
<p>姓名、电子邮件地址、咨询类别、主题和内容是回复您的咨询所必需的信息：如未\
提供，我们将无法处理您的咨询。电话号码和所属机构为选填项。</p>
<h2>收集信息的目的</h2>
<ul>
<li><p>回复并跟进您的咨询。</p></li>
<li><p>保存咨询及其处理情况的记录。</p></li>
<li><p>仅在您勾选直接促销选项的情况下：使用您的姓名、电子邮件地址、电话号码和\
所属机构，向您发送有关我们的活动、项目和电子通讯的信息。</p></li>
</ul>
<p>是否接收直接促销信息，由您自行决定。无论您是否同意，您的咨询都会照常发送；\
您也可以随时免费撤回同意：请使用我们任何电子邮件中的退订链接，或按下文方式\
与我们联系。</p>
<h2>信息可能提供给谁</h2>
<p>您的个人信息由我们负责处理咨询和传讯工作的员工使用，并可能提供给：</p>
<ul>
<li><p>为我们托管网站、发送电子邮件或运营邮件工具的服务提供商，且受合同约束，\
仅可用于上述目的；</p></li>
<li><p>我们的专业顾问，以及法律要求时的有关当局。</p></li>
</ul>
<p>我们不会出售您的个人信息，也不会将其提供给他人用于其自身的促销。</p>
<h2>信息保留期限</h2>
<p>除非您已同意接收直接促销信息，否则咨询将在保留期满后删除。给予或撤回同意的\
记录将予以保留，以便我们提供证明。</p>
<h2>查阅和更正</h2>
<p>您有权查询我们是否持有您的个人信息、要求获取相关信息的副本，并要求我们更正\
任何不准确的信息。在条例允许的范围内，我们可能就提供副本收取合理费用。</p>
<h2>联系我们</h2>
<p>如需提出查阅或更正要求、对本声明有任何疑问，或撤回同意，请通过\
<a href="/zh-hans/contact/">“联系我们”表格</a>（选择最合适的咨询类别）或致函\
我们的办公室，与我们的保障资料主任联系。</p>""",
}


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_translations(apps, schema_editor):
    from django.conf import settings

    from contacts.models import PrivacyStatement as CurrentPrivacyStatement

    site = settings.SITE_NAME
    ConsentWording = apps.get_model("contacts", "ConsentWording")
    PrivacyStatement = apps.get_model("contacts", "PrivacyStatement")

    english = (
        ConsentWording.objects.filter(purpose="direct_marketing", language="en")
        .order_by("-version")
        .first()
    )
    if english is not None and english.sha256 == digest(
        DEFAULT_WORDING_EN.format(site=site)
    ):
        for language, wording in DEFAULT_WORDING.items():
            text = wording.format(site=site)
            ConsentWording.objects.get_or_create(
                purpose="direct_marketing",
                language=language,
                version=1,
                defaults={
                    "text": text,
                    "sha256": digest(text),
                    "created_at": timezone.now(),
                },
            )

    # Stored as the model's sanitiser keeps it (a historical model has no
    # custom save()), so what is stored is what is shown.
    sanitise = CurrentPrivacyStatement._meta.get_field("text").sanitize
    for language, statement in PRIVACY_STATEMENT.items():
        PrivacyStatement.objects.get_or_create(
            language=language,
            version=1,
            defaults={
                "text": sanitise(statement.format(site=site)),
                "created_at": timezone.now(),
            },
        )


def remove_translations(apps, schema_editor):
    apps.get_model("contacts", "ConsentWording").objects.filter(
        language__in=DEFAULT_WORDING, version=1, events__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("contacts", "0005_languages")]

    operations = [migrations.RunPython(add_translations, remove_translations)]
