<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AddressEditor</name>
    <message>
        <source>Close</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Province</source>
        <translation>省（自治区、直辖市）</translation>
    </message>
    <message>
        <source>City</source>
        <translation>市（州）</translation>
    </message>
    <message>
        <source>District or county</source>
        <translation>区（县）</translation>
    </message>
    <message>
        <source>Choose the province</source>
        <translation>请选择省（自治区、直辖市）</translation>
    </message>
    <message>
        <source>Choose the city</source>
        <translation>请选择市（州）</translation>
    </message>
    <message>
        <source>Choose the district or county</source>
        <translation>请选择区（县）</translation>
    </message>
    <message>
        <source>Sichuan and Chongqing</source>
        <translation>四川和重庆</translation>
    </message>
    <message>
        <source>Other provinces and regions of China</source>
        <translation>全国其他省、自治区、直辖市</translation>
    </message>
    <message>
        <source>Street, building and room number</source>
        <translation>街道、楼栋和门牌号</translation>
    </message>
    <message>
        <source>e.g. 1 Tianfu Avenue, Building 2, Room 301</source>
        <translation>例如：天府大道1号2栋301室</translation>
    </message>
</context>
<context>
    <name>ApologyScreen</name>
    <message>
        <source>Sorry, something went wrong</source>
        <translation>抱歉，系统出了点问题</translation>
    </message>
    <message>
        <source>Your information has been cleared to protect your privacy. Please start again. If this happens again, please ask the staff for help.</source>
        <translation>为保护您的隐私，您填写的信息已清除。请重新开始办理。如再次出现此情况，请联系现场工作人员。</translation>
    </message>
    <message>
        <source>Returning to the home screen in {seconds} s</source>
        <translation>{seconds} 秒后返回首页</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>ApplyConsentScreen</name>
    <message>
        <source>Your personal data: read before you send</source>
        <translation>您的个人信息：提交前请阅读</translation>
    </message>
    <message>
        <source>What is collected</source>
        <translation>收集哪些信息</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>为什么收集</translation>
    </message>
    <message>
        <source>Who receives it</source>
        <translation>谁会收到</translation>
    </message>
    <message>
        <source>How long it is kept</source>
        <translation>保存多久</translation>
    </message>
    <message>
        <source>Your name and identity number, from the credential you showed.</source>
        <translation>您的姓名和证件号码，来自您出示的证件。</translation>
    </message>
    <message>
        <source>%1 (Sichuan) and %2 (Chongqing)</source>
        <translation>%1（四川）和%2（重庆）</translation>
    </message>
    <message>
        <source>And your answers and materials for this application:</source>
        <translation>以及您为本次申请填写的内容和提交的材料：</translation>
    </message>
    <message>
        <source>Only to handle your application:</source>
        <translation>只用于办理您申请的事项：</translation>
    </message>
    <message>
        <source>The departments that handle it, in both provinces. Your application is sent to them through the Sichuan–Chongqing government service platform:</source>
        <translation>两地负责办理的部门。您的申请通过川渝政务服务平台发送给他们：</translation>
    </message>
    <message>
        <source>The departments keep your application as long as the law on government records requires. This terminal keeps nothing once the platform has your application: only a masked reference, for your receipt.</source>
        <translation>受理部门按照政府档案管理的法律规定保存您的申请。平台收到您的申请后，本终端不再保存任何内容，只保留一个打码的编号，用于您的回执。</translation>
    </message>
    <message>
        <source>If you do not agree, nothing is sent and everything you entered is erased.</source>
        <translation>如果您不同意，什么都不会发送，您填写的内容也会全部清除。</translation>
    </message>
    <message>
        <source>I have read this and agree</source>
        <translation>我已阅读并同意</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Do not agree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>提交</translation>
    </message>
</context>
<context>
    <name>ApplyDoneScreen</name>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Take your receipt and your phone</source>
        <translation>请取走回执和手机</translation>
    </message>
    <message>
        <source>Your references</source>
        <translation>您的编号</translation>
    </message>
    <message>
        <source>Your reference</source>
        <translation>您的编号</translation>
    </message>
    <message>
        <source>Your acceptance number</source>
        <translation>您的受理编号</translation>
    </message>
    <message>
        <source>It will be sent automatically when the network is back.</source>
        <translation>网络恢复后将自动发送。</translation>
    </message>
    <message>
        <source>Bring the papers listed on your receipt to a service counter by {date}.</source>
        <translation>请在{date}前将回执上列出的纸质材料带到服务窗口。</translation>
    </message>
</context>
<context>
    <name>ApplyFormScreen</name>
    <message>
        <source>Fill in the form</source>
        <translation>填写申请表</translation>
    </message>
    <message>
        <source>Answer each question. Answers marked as verified come from what you showed and cannot be changed. You can check everything before it is sent.</source>
        <translation>请逐项填写。标有“已核验”的内容来自您出示的证照，不能修改。提交前您可以再检查一遍。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
</context>
<context>
    <name>ApplyIdentityScreen</name>
    <message>
        <source>Your identity is genuine, but you are younger than this service allows.</source>
        <translation>您的身份已核验，但您的年龄低于本事项的要求。</translation>
    </message>
    <message>
        <source>Your identity is genuine, but you are older than this service allows.</source>
        <translation>您的身份已核验，但您的年龄超出本事项的要求。</translation>
    </message>
    <message>
        <source>Your card is genuine, but this service cannot be applied for here with an overseas electronic resident card.</source>
        <translation>您的证件真实有效，但本事项不能在此用境外人员电子居民证申请。</translation>
    </message>
    <message>
        <source>You showed: {kind}. It cannot show who you are.</source>
        <translation>您出示的是：{kind}。它不能证明您的身份。</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Scan again</source>
        <translation>重新扫码</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Identity verified</source>
        <translation>身份已核验</translation>
    </message>
    <message>
        <source>Please check that this is you, then continue to the materials.</source>
        <translation>请确认以下是您本人的信息，然后继续提交材料。</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Applying for: {title}</source>
        <translation>申请事项：{title}</translation>
    </message>
</context>
<context>
    <name>ApplyMaterialsScreen</name>
    <message>
        <source>Optional: not provided</source>
        <translation>选交：未提供</translation>
    </message>
    <message>
        <source>Needed</source>
        <translation>待提交</translation>
    </message>
    <message>
        <source>Your identity: verified</source>
        <translation>本人身份：已核验</translation>
    </message>
    <message>
        <source>Verified e-licence</source>
        <translation>电子证照已核验</translation>
    </message>
    <message>
        <source>Photographed</source>
        <translation>已拍照</translation>
    </message>
    <message>
        <source>Bring the paper to a service counter</source>
        <translation>请携带纸质材料到服务窗口</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Also show the paper original at a service counter.</source>
        <translation>还需到服务窗口出示纸质原件。</translation>
    </message>
    <message>
        <source>Needed because you apply for someone else or for a company.</source>
        <translation>因为您为他人或为单位办理，需要提交这份材料。</translation>
    </message>
    <message>
        <source>Verified and ticked off.</source>
        <translation>已核验，已勾选。</translation>
    </message>
    <message>
        <source>You showed: {shown}. This material needs: {expected}.</source>
        <translation>您出示的是：{shown}。这份材料需要的是：{expected}。</translation>
    </message>
    <message>
        <source>This e-licence belongs to someone else. Show your own, or choose another way.</source>
        <translation>这份电子证照不是您本人的。请出示您自己的，或选择其他方式。</translation>
    </message>
    <message>
        <source>You are not the legal representative named on the licence: a letter of authorisation is needed.</source>
        <translation>您不是执照上登记的法定代表人，需要提交授权委托书。</translation>
    </message>
    <message>
        <source>This application cannot carry more photographs. Please bring this paper to a service counter.</source>
        <translation>这份申请已不能再附照片，请把这份纸质材料带到服务窗口。</translation>
    </message>
    <message>
        <source>Scan e-licence</source>
        <translation>扫描电子证照</translation>
    </message>
    <message>
        <source>Photograph a paper copy</source>
        <translation>拍摄纸质材料</translation>
    </message>
    <message>
        <source>I will bring it to the counter</source>
        <translation>我会带到服务窗口</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Your materials</source>
        <translation>您的材料</translation>
    </message>
    <message>
        <source>For each material: scan its e-licence, photograph a paper copy, or bring the paper to a service counter.</source>
        <translation>每份材料可以扫描电子证照、拍摄纸质材料，或带纸质材料到服务窗口。</translation>
    </message>
    <message>
        <source>Applying for: {title}</source>
        <translation>申请事项：{title}</translation>
    </message>
    <message numerus="yes">
        <source>%n still needed</source>
        <translation>
            <numerusform>还差 %n 份</numerusform>
        </translation>
    </message>
    <message>
        <source>All ready</source>
        <translation>材料已齐</translation>
    </message>
</context>
<context>
    <name>ApplyPhotoScreen</name>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Take it again</source>
        <translation>重新拍摄</translation>
    </message>
    <message>
        <source>Lay the paper flat inside the frame, with the writing facing up.</source>
        <translation>请将纸质材料平放在框内，字面朝上。</translation>
    </message>
    <message>
        <source>Preparing the picture…</source>
        <translation>正在处理照片…</translation>
    </message>
    <message>
        <source>Check the picture: can every word be read? If so, use it.</source>
        <translation>请检查照片：每个字都看得清吗？看得清就使用这张照片。</translation>
    </message>
    <message>
        <source>This picture could not be used. Please take it again.</source>
        <translation>这张照片无法使用，请重新拍摄。</translation>
    </message>
    <message>
        <source>The camera is not available. Please ask the staff for help.</source>
        <translation>摄像头无法使用，请向工作人员求助。</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <source>Good. Hold still and take the picture</source>
        <translation>很好，请保持不动，然后拍照</translation>
    </message>
    <message>
        <source>Too dark: move the paper into the light</source>
        <translation>太暗了：请把材料移到亮处</translation>
    </message>
    <message>
        <source>There is a reflection: tilt the paper a little</source>
        <translation>有反光：请把材料稍微倾斜一点</translation>
    </message>
    <message>
        <source>The picture is blurred: hold the paper flat and still</source>
        <translation>画面模糊：请把材料放平并保持不动</translation>
    </message>
    <message>
        <source>Put the paper inside the frame</source>
        <translation>请把材料放在框内</translation>
    </message>
    <message>
        <source>Photograph the paper document: {material}</source>
        <translation>拍摄纸质材料：{material}</translation>
    </message>
    <message>
        <source>Photograph the paper document</source>
        <translation>拍摄纸质材料</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Take picture</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Use this picture</source>
        <translation>使用这张照片</translation>
    </message>
</context>
<context>
    <name>ApplyReviewScreen</name>
    <message>
        <source>Who is applying</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Passport or permit number</source>
        <translation>护照或通行证号码</translation>
    </message>
    <message>
        <source>Identity number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Applying</source>
        <translation>申请方式</translation>
    </message>
    <message>
        <source>The company</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Your answers</source>
        <translation>您填写的内容</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>修改：%1</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核验</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>For myself</source>
        <translation>本人办理</translation>
    </message>
    <message>
        <source>For someone else, as their agent</source>
        <translation>代他人办理</translation>
    </message>
    <message>
        <source>For a company</source>
        <translation>为单位办理</translation>
    </message>
    <message>
        <source>Not provided</source>
        <translation>未提供</translation>
    </message>
    <message>
        <source>Your e-ID, verified</source>
        <translation>您的电子身份证，已核验</translation>
    </message>
    <message>
        <source>E-licence scanned and verified</source>
        <translation>电子证照已扫描并核验</translation>
    </message>
    <message>
        <source>Photographed here</source>
        <translation>已在本终端拍照</translation>
    </message>
    <message>
        <source>Bring the paper to a service counter</source>
        <translation>请带纸质材料到服务窗口</translation>
    </message>
    <message>
        <source>Not provided (optional)</source>
        <translation>未提供（非必需）</translation>
    </message>
    <message>
        <source>Check your application</source>
        <translation>核对申请内容</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>ApplyRoleScreen</name>
    <message>
        <source>For myself</source>
        <translation>为本人办理</translation>
    </message>
    <message>
        <source>You apply for yourself and show your own electronic ID.</source>
        <translation>您为自己申请，出示本人的电子身份证。</translation>
    </message>
    <message>
        <source>For someone else (I am their agent)</source>
        <translation>为他人代办（我是代办人）</translation>
    </message>
    <message>
        <source>You show your own electronic ID. A letter of authorisation from the person you apply for is needed.</source>
        <translation>您出示本人的电子身份证，还需要被代办人出具的授权委托书。</translation>
    </message>
    <message>
        <source>For a company (legal representative or authorised staff)</source>
        <translation>为单位办理（法定代表人或授权经办人）</translation>
    </message>
    <message>
        <source>You show your own electronic ID. Staff who are not the legal representative need the company&apos;s letter of authorisation.</source>
        <translation>您出示本人的电子身份证。不是法定代表人的经办人，还需要单位出具的授权委托书。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Who is applying?</source>
        <translation>由谁申请？</translation>
    </message>
</context>
<context>
    <name>ApplySubmittingScreen</name>
    <message>
        <source>Your application was not accepted</source>
        <translation>您的申请未被受理</translation>
    </message>
    <message>
        <source>The platform could not accept this application.</source>
        <translation>平台无法受理这份申请。</translation>
    </message>
    <message>
        <source>The staff have been told; please go to a service counter.</source>
        <translation>已通知工作人员，请到服务窗口办理。</translation>
    </message>
    <message>
        <source>Your application was not sent</source>
        <translation>您的申请没有发送</translation>
    </message>
    <message>
        <source>The photographs are too large to send together. Nothing was sent.</source>
        <translation>照片太大，无法一起发送。申请没有发出。</translation>
    </message>
    <message>
        <source>Please start again and photograph fewer papers (bring the others to a service counter), or ask the staff.</source>
        <translation>请重新办理，少拍几份材料（其余的带到服务窗口），或向工作人员求助。</translation>
    </message>
    <message>
        <source>This terminal cannot take applications right now. Nothing was sent.</source>
        <translation>这台终端暂时无法受理申请。申请没有发出。</translation>
    </message>
    <message>
        <source>Please ask the staff or use a service counter.</source>
        <translation>请向工作人员求助，或到服务窗口办理。</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Submitting your application…</source>
        <translation>正在提交您的申请……</translation>
    </message>
    <message>
        <source>Your application is saved on this terminal. Waiting a few seconds for the platform&apos;s acceptance number.</source>
        <translation>您的申请已保存在本终端。正在等待平台返回受理编号，请稍候几秒。</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
</context>
<context>
    <name>ApplyWords</name>
    <message>
        <source>Refresh the code in your app and show it again.</source>
        <translation>请在手机应用中刷新二维码，再出示一次。</translation>
    </message>
    <message>
        <source>Ask the staff for help.</source>
        <translation>请向工作人员求助。</translation>
    </message>
    <message>
        <source>Please apply at a service counter.</source>
        <translation>请到服务窗口办理。</translation>
    </message>
    <message>
        <source>Show your electronic ID, not another certificate.</source>
        <translation>请出示电子身份证，不要出示其他证照。</translation>
    </message>
    <message>
        <source> or </source>
        <translation>或</translation>
    </message>
</context>
<context>
    <name>BrowseScreen</name>
    <message>
        <source>Search: name, pinyin or English</source>
        <translation>搜索事项：中文、拼音或英文</translation>
    </message>
    <message>
        <source>Search for a service</source>
        <translation>搜索事项</translation>
    </message>
    <message>
        <source>All services by category</source>
        <translation>全部事项（按类别）</translation>
    </message>
    <message>
        <source>Who is it for?</source>
        <translation>为谁办理？</translation>
    </message>
    <message>
        <source>How is it handled?</source>
        <translation>怎么办理？</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Show the list</source>
        <translation>查看事项列表</translation>
    </message>
    <message>
        <source>Chosen.</source>
        <translation>已选。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
</context>
<context>
    <name>CatalogWords</name>
    <message>
        <source>Fully online</source>
        <translation>全程网办</translation>
    </message>
    <message>
        <source>Accepted here, handled there</source>
        <translation>异地代收代办</translation>
    </message>
    <message>
        <source>Handled jointly</source>
        <translation>多地联办</translation>
    </message>
    <message>
        <source>All ways of handling</source>
        <translation>全部办理方式</translation>
    </message>
    <message>
        <source>Apply here; it is processed and answered electronically.</source>
        <translation>在这里申请，全程网上审批、网上答复。</translation>
    </message>
    <message>
        <source>Hand it in here; the other province&apos;s office handles it.</source>
        <translation>在这里收件，转给另一省市的部门办理。</translation>
    </message>
    <message>
        <source>Offices in Sichuan and Chongqing each do a part.</source>
        <translation>川渝两地部门各办一部分。</translation>
    </message>
    <message>
        <source>Every item, whichever way it is handled.</source>
        <translation>不限办理方式，显示全部事项。</translation>
    </message>
    <message>
        <source>For individuals</source>
        <translation>个人办事</translation>
    </message>
    <message>
        <source>For enterprises</source>
        <translation>企业办事</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部对象</translation>
    </message>
    <message>
        <source>Services a person applies for, for themselves or their family.</source>
        <translation>个人为自己或家人办理的事项。</translation>
    </message>
    <message>
        <source>Services for companies and self-employed businesses.</source>
        <translation>企业和个体工商户办理的事项。</translation>
    </message>
    <message>
        <source>Services for people and for businesses.</source>
        <translation>个人和企业的事项都显示。</translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <source>Within 1 working day</source>
        <translation>1 个工作日内办结</translation>
    </message>
    <message>
        <source>Within %1 working days</source>
        <translation>%1 个工作日内办结</translation>
    </message>
    <message>
        <source>1 service</source>
        <translation>1 项</translation>
    </message>
    <message>
        <source>%1 services</source>
        <translation>%1 项</translation>
    </message>
</context>
<context>
    <name>CheckResultScreen</name>
    <message>
        <source>Check another code</source>
        <translation>核验下一个</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Print check-in slip</source>
        <translation>打印入住凭条</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>核验通过</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>未通过核验</translation>
    </message>
    <message>
        <source>The code is genuine and valid. This is what the terminal read:</source>
        <translation>此码真实有效。终端读取到的信息如下：</translation>
    </message>
    <message>
        <source>Note for the staff: this terminal&apos;s list of issuers is due for an update.</source>
        <translation>请工作人员注意：本终端的签发机构名单需要更新。</translation>
    </message>
    <message>
        <source>Nothing has been sent or stored: this was only a check.</source>
        <translation>本次仅为核验，未发送或保存任何信息。</translation>
    </message>
</context>
<context>
    <name>ConfigChoices</name>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>shown</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>ConfigFields</name>
    <message>
        <source>Languages offered</source>
        <translation>可选语言</translation>
    </message>
    <message>
        <source>Default language</source>
        <translation>默认语言</translation>
    </message>
    <message>
        <source>Idle timeout (seconds)</source>
        <translation>无操作超时（秒）</translation>
    </message>
    <message>
        <source>Countdown before the session ends (seconds)</source>
        <translation>结束前的倒计时（秒）</translation>
    </message>
    <message>
        <source>Voice on at the start of a session</source>
        <translation>每次开始时开启语音</translation>
    </message>
    <message>
        <source>Pixels per inch</source>
        <translation>每英寸像素数</translation>
    </message>
    <message>
        <source>Screen diagonal (inches)</source>
        <translation>屏幕对角线（英寸）</translation>
    </message>
    <message>
        <source>Smallest button (millimetres)</source>
        <translation>按钮最小边长（毫米）</translation>
    </message>
    <message>
        <source>Mouse pointer</source>
        <translation>鼠标指针</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Document camera</source>
        <translation>材料拍摄摄像头</translation>
    </message>
    <message>
        <source>Camera picture size</source>
        <translation>摄像头画面尺寸</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <source>Paper width (millimetres)</source>
        <translation>纸卷宽度（毫米）</translation>
    </message>
    <message>
        <source>The printer draws QR codes itself</source>
        <translation>打印机自行打印二维码</translation>
    </message>
    <message>
        <source>Reads of the same code</source>
        <translation>同一码的读取次数</translation>
    </message>
    <message>
        <source>Time to show a code (seconds)</source>
        <translation>出示二维码的等待时间（秒）</translation>
    </message>
    <message>
        <source>Platform address</source>
        <translation>平台地址</translation>
    </message>
    <message>
        <source>Public address for phones</source>
        <translation>供手机访问的公开地址</translation>
    </message>
    <message>
        <source>Connection timeout (seconds)</source>
        <translation>连接超时（秒）</translation>
    </message>
    <message>
        <source>Answer timeout (seconds)</source>
        <translation>应答超时（秒）</translation>
    </message>
    <message>
        <source>Failures before a dead letter</source>
        <translation>转为死信前的失败次数</translation>
    </message>
    <message>
        <source>First retry delay (seconds)</source>
        <translation>首次重试间隔（秒）</translation>
    </message>
    <message>
        <source>Longest retry delay (seconds)</source>
        <translation>最长重试间隔（秒）</translation>
    </message>
    <message>
        <source>Queue check interval (seconds)</source>
        <translation>队列检查间隔（秒）</translation>
    </message>
    <message>
        <source>Heartbeat interval (seconds)</source>
        <translation>心跳间隔（秒）</translation>
    </message>
    <message>
        <source>Document check interval (seconds)</source>
        <translation>文件更新检查间隔（秒）</translation>
    </message>
    <message>
        <source>Hotel name in Chinese</source>
        <translation>酒店中文名称</translation>
    </message>
    <message>
        <source>Hotel name in English</source>
        <translation>酒店英文名称</translation>
    </message>
    <message>
        <source>Days guests are kept</source>
        <translation>住客信息保留天数</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>日志级别</translation>
    </message>
    <message>
        <source>Log file size (MiB)</source>
        <translation>日志文件大小（兆字节）</translation>
    </message>
    <message>
        <source>Old log files kept</source>
        <translation>保留的旧日志文件数</translation>
    </message>
    <message>
        <source>Technician mode closes after (minutes)</source>
        <translation>技术员模式自动关闭时间（分钟）</translation>
    </message>
    <message>
        <source>Folders searched on USB drives</source>
        <translation>在 USB 存储设备上查找的文件夹</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>开放时间</translation>
    </message>
    <message>
        <source>Black screen outside opening hours</source>
        <translation>开放时间以外黑屏</translation>
    </message>
</context>
<context>
    <name>ConfigSchema</name>
    <message>
        <source>Languages a citizen can choose, in the order of the language button.</source>
        <translation>市民可选择的语言，按语言按钮上的顺序排列。</translation>
    </message>
    <message>
        <source>Language of the home screen; every session starts in it again.</source>
        <translation>首页的语言；每次新的会话都重新从该语言开始。</translation>
    </message>
    <message>
        <source>Seconds without a touch before the session ends (a countdown comes first).</source>
        <translation>无人触摸多少秒后结束会话（结束前先倒计时）。</translation>
    </message>
    <message>
        <source>Length of the &apos;are you still there?&apos; countdown inside the idle timeout.</source>
        <translation>超时时间内“您还在吗？”倒计时的长度。</translation>
    </message>
    <message>
        <source>Speak each screen&apos;s main instruction and every error from the start of each session (a citizen can switch voice on or off with the header&apos;s button).</source>
        <translation>每次会话一开始就朗读每个页面的主要提示和每条错误信息（市民可用页面顶部的按钮开关语音）。</translation>
    </message>
    <message>
        <source>Pixels per inch of the panel. Leave unset to use diagonal_in or what the display reports.</source>
        <translation>屏幕每英寸的像素数。不设置时使用 diagonal_in 或显示器报告的数值。</translation>
    </message>
    <message>
        <source>Diagonal of the visible panel in inches (used when dpi is unset).</source>
        <translation>可视屏幕的对角线长度，单位为英寸（未设置 `dpi` 时使用）。</translation>
    </message>
    <message>
        <source>Smallest side of any button, in millimetres.</source>
        <translation>任何按钮最短边的长度，单位为毫米。</translation>
    </message>
    <message>
        <source>The mouse pointer over the kiosk: auto hides it when a touch screen is connected (a finger needs no pointer), hidden always hides it, shown always shows it.</source>
        <translation>自助终端上的鼠标指针：`auto` 在连接了触摸屏时隐藏指针（手指不需要指针），`hidden` 始终隐藏，`shown` 始终显示。</translation>
    </message>
    <message>
        <source>Camera: &apos;qt:&apos; (default camera) or &apos;qt:&lt;device&gt;&apos;, &apos;file:&lt;video&gt;&apos;, &apos;images:&lt;folder&gt;&apos;, or &apos;fake&apos; (demo mode only).</source>
        <translation>摄像头：&apos;qt:&apos;（默认摄像头）或 &apos;qt:&lt;设备&gt;&apos;、&apos;file:&lt;视频&gt;&apos;、&apos;images:&lt;文件夹&gt;&apos;，或 &apos;fake&apos;（仅限演示模式）。</translation>
    </message>
    <message>
        <source>Camera for photographing paper documents, as for &apos;camera&apos; (e.g. a downward-facing camera over the document tray); empty: none, and the main camera is used.</source>
        <translation>拍摄纸质材料用的摄像头，写法同 devices.camera（例如材料托盘上方朝下的摄像头）；留空表示没有，使用主摄像头。</translation>
    </message>
    <message>
        <source>Camera picture size to ask for, WIDTHxHEIGHT; the closest size the camera offers is used. 1280x720 reads phone QR codes well and decodes fast.</source>
        <translation>向摄像头请求的画面尺寸，格式为 `WIDTHxHEIGHT`（宽 × 高）；使用摄像头提供的最接近的尺寸。1280x720 读取手机二维码效果好、解码快。</translation>
    </message>
    <message>
        <source>Receipt printer: &apos;escpos-usb:&lt;vendor&gt;:&lt;product&gt;&apos;, &apos;escpos-net:&lt;host&gt;:&lt;port&gt;&apos;, &apos;escpos-serial:&lt;device&gt;[@&lt;baud&gt;]&apos;, &apos;file:&lt;path&gt;&apos;, &apos;system:&apos; or &apos;system:&lt;name&gt;&apos;, &apos;pdf:&lt;folder&gt;&apos;, or &apos;fake&apos; (demo mode only).</source>
        <translation>凭条打印机：&apos;escpos-usb:&lt;厂商号&gt;:&lt;产品号&gt;&apos;、&apos;escpos-net:&lt;主机&gt;:&lt;端口&gt;&apos;、&apos;escpos-serial:&lt;设备&gt;[@&lt;波特率&gt;]&apos;、&apos;file:&lt;路径&gt;&apos;、&apos;system:&apos; 或 &apos;system:&lt;名称&gt;&apos;、&apos;pdf:&lt;文件夹&gt;&apos;，或 &apos;fake&apos;（仅限演示模式）。</translation>
    </message>
    <message>
        <source>Width of the receipt paper roll in millimetres: 58 (32 columns) or 80 (48 columns). Receipts are laid out for it.</source>
        <translation>凭条纸卷的宽度，单位为毫米：58（每行 32 个字符）或 80（每行 48 个字符）。凭条按此宽度排版。</translation>
    </message>
    <message>
        <source>Whether the ESC/POS printer has the native QR command (GS ( k); set false for printers without it, and QR codes are sent as raster images.</source>
        <translation>ESC/POS 打印机是否支持原生二维码指令（`GS ( k`）；不支持的打印机请设为 false，二维码将以点阵图像发送。</translation>
    </message>
    <message>
        <source>Consistent reads of the same code before it is accepted, unless its signature verifies (then it is accepted at once).</source>
        <translation>接受一个码之前需要一致读取的次数；签名验证通过的码立即接受。</translation>
    </message>
    <message>
        <source>Seconds a scan waits for a readable code before offering to try again.</source>
        <translation>扫码时等待可读二维码的秒数，超时后提示重试。</translation>
    </message>
    <message>
        <source>Base address of the platform API (https; http only for loopback or demo).</source>
        <translation>平台接口的基础地址（https；仅本机回环地址或演示模式可用 http）。</translation>
    </message>
    <message>
        <source>The platform&apos;s public address, opened by citizens&apos; phones from a receipt&apos;s QR code (its status page is &lt;public_url&gt;/r/...). Default: url; set it when url is an address only the terminals reach (https; no query; http only for loopback or demo).</source>
        <translation>平台的公开地址，市民用手机扫描凭条上的二维码时打开（状态页为 &lt;public_url&gt;/r/...）。默认与 platform.url 相同；当 platform.url 只有终端能访问时请设置（https；不带查询参数；仅本机回环地址或演示模式可用 http）。</translation>
    </message>
    <message>
        <source>Seconds to wait for a connection to the platform before trying later.</source>
        <translation>连接平台的等待秒数，超时后稍后再试。</translation>
    </message>
    <message>
        <source>Seconds to wait for the platform&apos;s answer once a request is sent.</source>
        <translation>请求发出后等待平台应答的秒数。</translation>
    </message>
    <message>
        <source>Failed answers from the platform (5xx, 429, unreadable) after which a record becomes a dead letter for a technician to re-queue. Network outages do not count.</source>
        <translation>平台失败应答（5xx、429、无法读取）达到此次数后，记录转为死信，由技术员重新排队。网络中断不计入。</translation>
    </message>
    <message>
        <source>First retry delay bound, doubled at each failure.</source>
        <translation>首次重试间隔的上限，每次失败后加倍。</translation>
    </message>
    <message>
        <source>Longest delay between two delivery attempts.</source>
        <translation>两次投递尝试之间的最长间隔。</translation>
    </message>
    <message>
        <source>How often the delivery worker looks at the queue when nothing wakes it.</source>
        <translation>没有新记录唤醒时，投递程序检查队列的间隔。</translation>
    </message>
    <message>
        <source>Seconds between heartbeats to the platform.</source>
        <translation>向平台发送心跳的间隔秒数。</translation>
    </message>
    <message>
        <source>Seconds between checks for a new catalog, trust list and holiday calendar.</source>
        <translation>检查新的事项目录、信任列表和节假日日历的间隔秒数。</translation>
    </message>
    <message>
        <source>Name in Simplified Chinese.</source>
        <translation>简体中文名称。</translation>
    </message>
    <message>
        <source>Name in English.</source>
        <translation>英文名称。</translation>
    </message>
    <message>
        <source>Days the desk&apos;s register keeps a stay&apos;s guests after it ended (checked out, or its departure day passed), counted in Beijing days; then only the day&apos;s counts remain. The platform keeps the authorities&apos; record of every check-in; the desk keeps its own copy only for the stay and a short while after, as little as it needs (PIPL&apos;s minimum necessary).</source>
        <translation>住宿结束后（已退房或离店日期已过）前台登记簿保留住客信息的天数，按北京时间计日；之后只保留当日的统计数字。平台保存每次入住的官方记录；前台只在住宿期间及其后短时间内保留自己的副本，且只保留必需的信息（《个人信息保护法》的最小必要原则）。</translation>
    </message>
    <message>
        <source>Least severe level written to the log.</source>
        <translation>写入日志的最低级别。</translation>
    </message>
    <message>
        <source>Size at which the log file is rotated, in MiB.</source>
        <translation>日志文件达到此大小（兆字节）时轮换。</translation>
    </message>
    <message>
        <source>Rotated log files kept besides the current one.</source>
        <translation>除当前文件外保留的已轮换日志文件数。</translation>
    </message>
    <message>
        <source>Minutes without a touch after which technician mode closes by itself.</source>
        <translation>无人触摸多少分钟后技术员模式自动关闭。</translation>
    </message>
    <message>
        <source>Folders searched for files to import from a USB drive (a trust list or a catalogue): each folder and three levels below it.</source>
        <translation>在这些文件夹中查找要从 USB 存储设备导入的文件（信任列表或事项目录）：每个文件夹及其下三层。</translation>
    </message>
    <message>
        <source>When the service point is open, in Beijing time: days (mon tue wed thu fri sat sun; a range such as mon-fri; a list such as mon,wed) then times (HH:MM-HH:MM, several separated by commas), rules separated by &apos;;&apos;. A day not named is closed. Unset: always open, the screen never goes dark.</source>
        <translation>服务点的开放时间（北京时间）：先写日期（`mon tue wed thu fri sat sun`；范围如 `mon-fri`；列表如 `mon,wed`），再写时间（HH:MM-HH:MM，多个时间用逗号分隔），规则之间用“;”分隔。未列出的日期为不开放。不设置：始终开放，屏幕从不变黑。</translation>
    </message>
    <message>
        <source>Outside opening hours, once the home screen has been untouched for ui.idle_timeout_s, show a black screen (never during a citizen&apos;s visit or in technician mode); a touch wakes it for another ui.idle_timeout_s.</source>
        <translation>开放时间以外，首页无人触摸达到 ui.idle_timeout_s 后显示黑屏（市民办理业务时和技术员模式下不会黑屏）；触摸屏幕后再亮 ui.idle_timeout_s。</translation>
    </message>
</context>
<context>
    <name>ConfigSections</name>
    <message>
        <source>Languages and sessions</source>
        <translation>语言与会话</translation>
    </message>
    <message>
        <source>Screen</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <source>Camera and printer</source>
        <translation>摄像头与打印机</translation>
    </message>
    <message>
        <source>Reading codes</source>
        <translation>扫码</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Delivery to the platform</source>
        <translation>向平台投递</translation>
    </message>
    <message>
        <source>Hotel</source>
        <translation>酒店</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Technician mode</source>
        <translation>技术员模式</translation>
    </message>
    <message>
        <source>Lockdown</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Display power</source>
        <translation>屏幕电源</translation>
    </message>
</context>
<context>
    <name>Credentials</name>
    <message>
        <source>Nationality</source>
        <translation>国籍</translation>
    </message>
    <message>
        <source>Passport number</source>
        <translation>护照号码</translation>
    </message>
    <message>
        <source>Permit number</source>
        <translation>证件号码</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>Choose the month and the day</source>
        <translation>请选择月和日</translation>
    </message>
    <message>
        <source>Choose a date</source>
        <translation>请选择日期</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>收起</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <source>‹ Earlier</source>
        <translation>‹ 往前</translation>
    </message>
    <message>
        <source>Later ›</source>
        <translation>往后 ›</translation>
    </message>
    <message>
        <source>Ten years earlier</source>
        <translation>往前十年</translation>
    </message>
    <message>
        <source>Ten years later</source>
        <translation>往后十年</translation>
    </message>
</context>
<context>
    <name>DeskCard</name>
    <message>
        <source>Under 18</source>
        <translation>未成年</translation>
    </message>
    <message>
        <source>resident card issued by Sichuan</source>
        <translation>四川签发的电子居民证</translation>
    </message>
    <message>
        <source>e-ID issued by Sichuan</source>
        <translation>四川签发的电子身份证</translation>
    </message>
    <message>
        <source>resident card issued by Chongqing</source>
        <translation>重庆签发的电子居民证</translation>
    </message>
    <message>
        <source>e-ID issued by Chongqing</source>
        <translation>重庆签发的电子身份证</translation>
    </message>
    <message>
        <source>valid to {time}</source>
        <translation>有效至 {time}</translation>
    </message>
    <message>
        <source>Remove this guest from the card</source>
        <translation>将此住客移出本房</translation>
    </message>
    <message>
        <source>{name} is under 18: who accompanies them, and as what?</source>
        <translation>{name}未满18岁：由谁陪同入住？是什么关系？</translation>
    </message>
    <message>
        <source>An unaccompanied minor: call a guardian and have them agree to this stay. The stay is reported to the police as the rules require.</source>
        <translation>未成年人单独入住：请联系监护人并征得其同意。本次入住将按规定报告公安机关。</translation>
    </message>
    <message>
        <source>I called the guardian, who agreed</source>
        <translation>已联系监护人，监护人同意</translation>
    </message>
    <message>
        <source>With {name}</source>
        <translation>与{name}同住</translation>
    </message>
    <message>
        <source>Adult not staying</source>
        <translation>非住客的成年人</translation>
    </message>
    <message>
        <source>Alone (guardian called)</source>
        <translation>单独入住（已联系监护人）</translation>
    </message>
    <message>
        <source>Adult&apos;s name</source>
        <translation>成年人姓名</translation>
    </message>
    <message>
        <source>Adult&apos;s identity number</source>
        <translation>成年人身份证号码</translation>
    </message>
    <message>
        <source>Guardian&apos;s name</source>
        <translation>监护人姓名</translation>
    </message>
    <message>
        <source>Guardian&apos;s mobile number</source>
        <translation>监护人手机号码</translation>
    </message>
</context>
<context>
    <name>DeskRegister</name>
    <message>
        <source>1 guest</source>
        <translation>1人</translation>
    </message>
    <message>
        <source>{count} guests</source>
        <translation>{count}人</translation>
    </message>
    <message>
        <source>1 night</source>
        <translation>1晚</translation>
    </message>
    <message>
        <source>{count} nights</source>
        <translation>{count}晚</translation>
    </message>
</context>
<context>
    <name>DeskRegisterScreen</name>
    <message>
        <source>The register cannot be read</source>
        <translation>无法读取登记簿</translation>
    </message>
    <message>
        <source>Nothing is lost: stays saved are kept on this terminal. Try another tab or come back in a moment; if it keeps happening, call the technician.</source>
        <translation>数据没有丢失：已保存的入住记录仍在本终端。请切换标签或稍后再试；如果一直这样，请联系技术人员。</translation>
    </message>
    <message>
        <source>Reading the register…</source>
        <translation>正在读取登记簿…</translation>
    </message>
    <message>
        <source>No arrival today in a room starting with {room}.</source>
        <translation>今日没有房号以{room}开头的入住。</translation>
    </message>
    <message>
        <source>No guest in house in a room starting with {room}.</source>
        <translation>没有房号以{room}开头的在住客人。</translation>
    </message>
    <message>
        <source>No departure today from a room starting with {room}.</source>
        <translation>今日没有房号以{room}开头的离店。</translation>
    </message>
    <message>
        <source>No arrivals yet today.</source>
        <translation>今日暂无入住。</translation>
    </message>
    <message>
        <source>No guests in house.</source>
        <translation>暂无在住客人。</translation>
    </message>
    <message>
        <source>No departures today.</source>
        <translation>今日没有离店。</translation>
    </message>
    <message>
        <source>Room {room}</source>
        <translation>{room}房</translation>
    </message>
    <message>
        <source>Checked out {time}, reported</source>
        <translation>{time}已退房，已上报</translation>
    </message>
    <message>
        <source>Checked out {time}, waiting for the network</source>
        <translation>{time}已退房，等待网络上报</translation>
    </message>
    <message>
        <source>Checked out {time}, refused: ask the technician</source>
        <translation>{time}已退房，被拒收：请联系技术人员</translation>
    </message>
    <message>
        <source>Checked out {time}</source>
        <translation>{time}已退房</translation>
    </message>
    <message>
        <source>Reported {number}</source>
        <translation>已上报 {number}</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <source>Refused: ask the technician</source>
        <translation>被拒收：请联系技术人员</translation>
    </message>
    <message>
        <source>Waiting for the network</source>
        <translation>等待网络上报</translation>
    </message>
    <message>
        <source>Arrivals today</source>
        <translation>今日入住</translation>
    </message>
    <message>
        <source>In house</source>
        <translation>在住</translation>
    </message>
    <message>
        <source>Departures today</source>
        <translation>今日离店</translation>
    </message>
    <message>
        <source>Back to the desk</source>
        <translation>返回前台</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Find a room</source>
        <translation>查找房间</translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <source>No camera is connected. Check its cable.</source>
        <translation>未连接摄像头，请检查连接线。</translation>
    </message>
    <message>
        <source>The camera was disconnected. Trying again…</source>
        <translation>摄像头已断开，正在重试…</translation>
    </message>
    <message>
        <source>This program may not use the camera.</source>
        <translation>本程序无权使用摄像头。</translation>
    </message>
    <message>
        <source>The camera is not working. Trying again…</source>
        <translation>摄像头无法工作，正在重试…</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <source>Too dark: ask the guest to turn up the screen brightness</source>
        <translation>太暗：请住客调高手机屏幕亮度</translation>
    </message>
    <message>
        <source>A reflection: ask the guest to tilt the phone</source>
        <translation>有反光：请住客稍微倾斜手机</translation>
    </message>
    <message>
        <source>The code is far: ask the guest to come closer</source>
        <translation>二维码太远：请住客靠近一些</translation>
    </message>
    <message>
        <source>Ask the guest to hold the phone still</source>
        <translation>请住客拿稳手机</translation>
    </message>
    <message>
        <source>Only one code at a time, please</source>
        <translation>请一次只出示一个二维码</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在识别…</translation>
    </message>
    <message>
        <source>Ready for the next guest&apos;s e-ID</source>
        <translation>请下一位住客出示电子身份证</translation>
    </message>
    <message>
        <source>until {day}</source>
        <translation>至{day}</translation>
    </message>
    <message>
        <source>Scan the next guest of the room, or save.</source>
        <translation>继续扫描同房住客，或保存。</translation>
    </message>
    <message>
        <source>{name} is already checked in to room {room} for these nights.</source>
        <translation>{name}在这几晚已入住{room}房。</translation>
    </message>
    <message>
        <source>Check that stay out first, or save this room anyway.</source>
        <translation>请先为该房办理退房，或仍然保存本房。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The check-in could not be saved</source>
        <translation>入住信息未能保存</translation>
    </message>
    <message>
        <source>Nothing was saved or reported. Press Save to try again; if it fails again, call the technician.</source>
        <translation>没有保存或上报任何信息。请按“保存”重试；如仍失败，请联系技术人员。</translation>
    </message>
    <message>
        <source>Room {room} checked in: {count} guest(s), until {day}</source>
        <translation>{room}房已入住：{count}位住客，至{day}</translation>
    </message>
    <message>
        <source>Reported to the platform: check-in number {number}</source>
        <translation>已上报平台，入住编号 {number}</translation>
    </message>
    <message>
        <source>The platform refused the report. Call the technician; the stay is kept here.</source>
        <translation>平台拒收了这条上报。请联系技术人员；入住记录仍保存在本机。</translation>
    </message>
    <message>
        <source>Waiting for the network: it is reported as soon as the platform can be reached. Nothing is lost.</source>
        <translation>等待网络：平台可连接后立即上报，信息不会丢失。</translation>
    </message>
    <message>
        <source>No printer is set up: no slip was printed.</source>
        <translation>未设置打印机：未打印入住单。</translation>
    </message>
    <message>
        <source>Printing the room&apos;s slip…</source>
        <translation>正在打印本房入住单…</translation>
    </message>
    <message>
        <source>The room&apos;s slip is printed.</source>
        <translation>本房入住单已打印。</translation>
    </message>
    <message>
        <source>The slip could not be printed (check the printer); reprint it later.</source>
        <translation>入住单未能打印（请检查打印机），可稍后补打。</translation>
    </message>
    <message>
        <source>Guests show their e-ID QR code</source>
        <translation>住客出示电子身份证二维码</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>One night fewer</source>
        <translation>少住一晚</translation>
    </message>
    <message>
        <source>One night more</source>
        <translation>多住一晚</translation>
    </message>
    <message>
        <source>Scan the first guest&apos;s e-ID. Guests of the same room follow one after another.</source>
        <translation>请扫描第一位住客的电子身份证，同房住客依次扫描。</translation>
    </message>
    <message>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <source>Reprint slip</source>
        <translation>补打入住单</translation>
    </message>
    <message>
        <source>Clear card (Esc)</source>
        <translation>清空（Esc）</translation>
    </message>
    <message>
        <source>Register (F2)</source>
        <translation>登记簿（F2）</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>保存（Enter）</translation>
    </message>
</context>
<context>
    <name>DeskStayScreen</name>
    <message>
        <source>Room {room}</source>
        <translation>{room}房</translation>
    </message>
    <message>
        <source>Checked out</source>
        <translation>已退房</translation>
    </message>
    <message>
        <source>Saved {time}</source>
        <translation>保存于{time}</translation>
    </message>
    <message>
        <source>Check room {room} out now? This is reported.</source>
        <translation>现在为{room}房办理退房吗？退房将上报平台。</translation>
    </message>
    <message>
        <source>The check-out could not be saved: the register cannot be written. Nothing was reported. Try again in a moment; if it keeps happening, call the technician.</source>
        <translation>退房未能保存：无法写入登记簿，也没有上报。请稍后再试；如果一直这样，请联系技术人员。</translation>
    </message>
    <message>
        <source>{credential}, nationality {code}</source>
        <translation>{credential}，国籍{code}</translation>
    </message>
    <message>
        <source>Under 18: how they are cared for was not recorded.</source>
        <translation>未满18岁：没有记录照护方式。</translation>
    </message>
    <message>
        <source>Alone: the desk called the guardian {name} on {phone} · {relationship}</source>
        <translation>独自入住：前台已致电监护人{name}，电话{phone} · {relationship}</translation>
    </message>
    <message>
        <source>Accompanied by {name}, a guest of the room · {relationship}</source>
        <translation>由同住客人{name}陪同 · {relationship}</translation>
    </message>
    <message>
        <source>Accompanied by {name}, not staying, identity number {number} · {relationship}</source>
        <translation>由未入住的成年人{name}陪同，身份证号{number} · {relationship}</translation>
    </message>
    <message>
        <source>Check-in reported to the platform, number {number}.</source>
        <translation>入住信息已上报平台，编号{number}。</translation>
    </message>
    <message>
        <source>Check-in reported to the platform.</source>
        <translation>入住信息已上报平台。</translation>
    </message>
    <message>
        <source>Check-in refused by the platform: ask the technician.</source>
        <translation>入住信息被平台拒收：请联系技术人员。</translation>
    </message>
    <message>
        <source>Check-in waiting for the network: it is sent by itself.</source>
        <translation>入住信息等待网络，联网后自动上报。</translation>
    </message>
    <message>
        <source>Not checked out yet.</source>
        <translation>尚未退房。</translation>
    </message>
    <message>
        <source>Checked out {time}, reported to the platform, number {number}.</source>
        <translation>{time}已退房，已上报平台，编号{number}。</translation>
    </message>
    <message>
        <source>Checked out {time}, reported to the platform.</source>
        <translation>{time}已退房，已上报平台。</translation>
    </message>
    <message>
        <source>Checked out {time}, refused by the platform: ask the technician.</source>
        <translation>{time}已退房，被平台拒收：请联系技术人员。</translation>
    </message>
    <message>
        <source>Checked out {time}, waiting for the network: it is sent by itself.</source>
        <translation>{time}已退房，等待网络，联网后自动上报。</translation>
    </message>
    <message>
        <source>Slip {number}</source>
        <translation>凭条 {number}</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Printed.</source>
        <translation>已打印。</translation>
    </message>
    <message>
        <source>Not printed.</source>
        <translation>未能打印。</translation>
    </message>
    <message>
        <source>Reported to the platform</source>
        <translation>上报平台</translation>
    </message>
    <message>
        <source>Back to the register</source>
        <translation>返回登记簿</translation>
    </message>
    <message>
        <source>To the desk</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Reprint slip</source>
        <translation>补打凭条</translation>
    </message>
    <message>
        <source>Check out</source>
        <translation>退房</translation>
    </message>
    <message>
        <source>Confirm check-out</source>
        <translation>确认退房</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>DeskTexts</name>
    <message>
        <source>1 night</source>
        <translation>1晚</translation>
    </message>
    <message>
        <source>{count} nights</source>
        <translation>{count}晚</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>age {age}</source>
        <translation>{age}岁</translation>
    </message>
    <message>
        <source>{sex}, {age}</source>
        <translation>{sex}，{age}岁</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父母</translation>
    </message>
    <message>
        <source>Grandparent</source>
        <translation>祖父母</translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation>监护人</translation>
    </message>
    <message>
        <source>Relative</source>
        <translation>亲属</translation>
    </message>
    <message>
        <source>Teacher</source>
        <translation>老师</translation>
    </message>
    <message>
        <source>Other adult</source>
        <translation>其他成年人</translation>
    </message>
    <message>
        <source>This terminal cannot verify codes now</source>
        <translation>本机现在无法核验二维码</translation>
    </message>
    <message>
        <source>Check the guest&apos;s physical identity card, and call the technician.</source>
        <translation>请查验住客的实体身份证，并联系技术人员。</translation>
    </message>
    <message>
        <source>This is not an e-ID</source>
        <translation>这不是电子身份证</translation>
    </message>
    <message>
        <source>Ask the guest to open the e-ID QR code (not a licence or another certificate).</source>
        <translation>请住客打开电子身份证二维码（不是执照或其他证照）。</translation>
    </message>
    <message>
        <source>This guest is on the card already</source>
        <translation>此住客已在本房</translation>
    </message>
    <message>
        <source>Scan the next guest&apos;s code.</source>
        <translation>请扫描下一位住客的二维码。</translation>
    </message>
    <message>
        <source>The room is full</source>
        <translation>本房人数已满</translation>
    </message>
    <message>
        <source>Save this room first, then scan the next room&apos;s guests.</source>
        <translation>请先保存本房，再扫描下一房的住客。</translation>
    </message>
    <message>
        <source>This code was already used at {time} at this desk</source>
        <translation>此二维码已于{time}在本前台使用过</translation>
    </message>
    <message>
        <source>This code was already used at this desk</source>
        <translation>此二维码已在本前台使用过</translation>
    </message>
    <message>
        <source>Ask the guest to refresh the code on their phone and show it again.</source>
        <translation>请住客在手机上刷新二维码后重新出示。</translation>
    </message>
    <message>
        <source>The code has expired</source>
        <translation>二维码已过期</translation>
    </message>
    <message>
        <source>This e-ID has been revoked</source>
        <translation>此电子身份证已被注销</translation>
    </message>
    <message>
        <source>Ask for the guest&apos;s physical identity card.</source>
        <translation>请查验住客的实体身份证。</translation>
    </message>
    <message>
        <source>The list of trusted issuers is out of date</source>
        <translation>签发机构名单已过期</translation>
    </message>
    <message>
        <source>The terminal&apos;s clock is wrong</source>
        <translation>本机时钟不准</translation>
    </message>
    <message>
        <source>This code is not a genuine e-ID</source>
        <translation>这不是有效的电子身份证</translation>
    </message>
    <message>
        <source>Guest added</source>
        <translation>已添加住客</translation>
    </message>
    <message>
        <source>New room: {name} verified</source>
        <translation>新房间：{name}核验通过</translation>
    </message>
    <message>
        <source>{name} verified</source>
        <translation>{name}核验通过</translation>
    </message>
    <message>
        <source>Scan at least one guest&apos;s e-ID.</source>
        <translation>请至少扫描一位住客的电子身份证。</translation>
    </message>
    <message>
        <source>Type the room number.</source>
        <translation>请输入房号。</translation>
    </message>
    <message>
        <source>A room number has digits and capital letters only.</source>
        <translation>房号只能包含数字和大写字母。</translation>
    </message>
    <message>
        <source>The stay is at least one night.</source>
        <translation>至少入住一晚。</translation>
    </message>
    <message>
        <source>A stay can be at most 90 nights.</source>
        <translation>一次最多入住90晚。</translation>
    </message>
    <message>
        <source>A room can have at most 8 guests.</source>
        <translation>一间房最多8位住客。</translation>
    </message>
    <message>
        <source>{name} is under 18: say who accompanies them.</source>
        <translation>{name}未满18岁：请说明由谁陪同。</translation>
    </message>
    <message>
        <source>{name}: choose how the adult is related to them.</source>
        <translation>{name}：请选择陪同成年人与其关系。</translation>
    </message>
    <message>
        <source>{name}: choose the accompanying adult, or type them.</source>
        <translation>{name}：请选择陪同的成年人，或输入其信息。</translation>
    </message>
    <message>
        <source>{name}: the accompanying person must be an adult.</source>
        <translation>{name}：陪同人必须是成年人。</translation>
    </message>
    <message>
        <source>{name}: type the accompanying adult&apos;s name.</source>
        <translation>{name}：请输入陪同成年人的姓名。</translation>
    </message>
    <message>
        <source>{name}: the accompanying adult&apos;s identity number is not valid.</source>
        <translation>{name}：陪同成年人的身份证号码无效。</translation>
    </message>
    <message>
        <source>{name}: type the guardian&apos;s name.</source>
        <translation>{name}：请输入监护人姓名。</translation>
    </message>
    <message>
        <source>{name}: type the guardian&apos;s mobile number.</source>
        <translation>{name}：请输入监护人手机号码。</translation>
    </message>
    <message>
        <source>{name} is an unaccompanied minor: confirm that you called the guardian.</source>
        <translation>{name}是无人陪同的未成年人：请确认已联系监护人。</translation>
    </message>
    <message>
        <source>Something typed cannot be reported: check the names and numbers.</source>
        <translation>有输入内容无法上报：请检查姓名和号码。</translation>
    </message>
    <message>
        <source>{name} is already checked in to room {room} for these nights.</source>
        <translation>{name}在这几晚已入住{room}房。</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <source>%1 (optional)</source>
        <translation>%1（选填）</translation>
    </message>
</context>
<context>
    <name>FooterBar</name>
    <message>
        <source>Starting, one moment…</source>
        <translation>正在启动，请稍候…</translation>
    </message>
    <message>
        <source>Platform connected</source>
        <translation>已连接政务服务平台</translation>
    </message>
    <message>
        <source>Sending {count} queued item(s)…</source>
        <translation>正在提交 {count} 件待发送事项…</translation>
    </message>
    <message>
        <source>Platform busy: queued items will be sent automatically</source>
        <translation>平台繁忙：待发送事项将自动提交</translation>
    </message>
    <message>
        <source>Offline: {count} item(s) will be sent automatically</source>
        <translation>网络中断：{count} 件事项将在恢复后自动提交</translation>
    </message>
    <message>
        <source>Offline: submissions are kept and sent automatically</source>
        <translation>网络中断：提交的事项会妥善保存并自动发送</translation>
    </message>
    <message>
        <source>Need help? Ask the staff or call the hotline {number}</source>
        <translation>需要帮助？请咨询现场工作人员或拨打政务服务热线 {number}</translation>
    </message>
    <message>
        <source>Call staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>Staff have been called and will come to you</source>
        <translation>已呼叫工作人员，请稍候</translation>
    </message>
    <message>
        <source>Your call could not be sent: please wave to staff nearby</source>
        <translation>未能发出呼叫，请向附近的工作人员示意</translation>
    </message>
    <message>
        <source>Terminal {id}</source>
        <translation>终端编号 {id}</translation>
    </message>
</context>
<context>
    <name>FormWords</name>
    <message>
        <source>Verified from your e-ID. It cannot be changed here.</source>
        <translation>已根据您的电子身份证核验，此处不能修改。</translation>
    </message>
    <message>
        <source>Verified from your electronic resident card. It cannot be changed here.</source>
        <translation>已根据您的境外人员电子居民证核验，此处不能修改。</translation>
    </message>
    <message>
        <source>Verified from the e-business licence. It cannot be changed here.</source>
        <translation>已根据电子营业执照核验，此处不能修改。</translation>
    </message>
    <message>
        <source>Verified from a credential you showed. It cannot be changed here.</source>
        <translation>已根据您出示的证照核验，此处不能修改。</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>未填写</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>Fill in this field.</source>
        <translation>请填写这一项。</translation>
    </message>
    <message>
        <source>Choose one of the options.</source>
        <translation>请选择一项。</translation>
    </message>
    <message>
        <source>Enter at least {limit} characters.</source>
        <translation>请至少输入{limit}个字。</translation>
    </message>
    <message>
        <source>Enter no more than {limit} characters.</source>
        <translation>最多只能输入{limit}个字。</translation>
    </message>
    <message>
        <source>Remove the symbols or line breaks this answer cannot hold.</source>
        <translation>请删去这里不能填的符号或换行。</translation>
    </message>
    <message>
        <source>Enter the name as it is written on the ID card, without digits or symbols.</source>
        <translation>请按身份证上的写法填写姓名，不要有数字或符号。</translation>
    </message>
    <message>
        <source>Enter a whole number, with digits only.</source>
        <translation>请只用数字输入一个整数。</translation>
    </message>
    <message>
        <source>Enter a number of at least {limit}.</source>
        <translation>请输入不小于{limit}的数。</translation>
    </message>
    <message>
        <source>Enter a number of no more than {limit}.</source>
        <translation>请输入不大于{limit}的数。</translation>
    </message>
    <message>
        <source>Enter a real date: the year with 4 digits, then the month and the day.</source>
        <translation>请输入真实的日期：4位数的年份，然后是月和日。</translation>
    </message>
    <message>
        <source>Enter today&apos;s date or an earlier one.</source>
        <translation>请输入今天或以前的日期。</translation>
    </message>
    <message>
        <source>Enter today&apos;s date or a later one.</source>
        <translation>请输入今天或以后的日期。</translation>
    </message>
    <message>
        <source>Choose one of the options shown.</source>
        <translation>请从列出的选项中选择一项。</translation>
    </message>
    <message>
        <source>Enter the 11 digits of a mainland mobile number; it starts with 13 to 19.</source>
        <translation>请输入11位的大陆手机号码，以13到19开头。</translation>
    </message>
    <message>
        <source>Enter the 18 characters of the ID number; the last one may be X.</source>
        <translation>请输入18位身份证号码，最后一位可能是X。</translation>
    </message>
    <message>
        <source>The ID number has 17 digits, then a digit or X. Remove any other letters.</source>
        <translation>身份证号码前17位是数字，最后一位是数字或X。请删去其他字母。</translation>
    </message>
    <message>
        <source>This ID number has a mistake. Check each character against the ID card.</source>
        <translation>这个身份证号码有错，请对照身份证逐位核对。</translation>
    </message>
    <message>
        <source>The birth date inside this ID number is not possible. Check the number against the ID card.</source>
        <translation>这个身份证号码里的出生日期不对，请对照身份证核对号码。</translation>
    </message>
    <message>
        <source>The first two digits of this ID number are not a region of China. Check the number against the ID card.</source>
        <translation>这个身份证号码的前两位不是中国的地区，请对照身份证核对号码。</translation>
    </message>
    <message>
        <source>Enter the 18 characters of the unified social credit code, as printed on the business licence.</source>
        <translation>请按营业执照上印的，输入18位统一社会信用代码。</translation>
    </message>
    <message>
        <source>The credit code has only digits and capital letters. Check each one against the business licence.</source>
        <translation>统一社会信用代码只有数字和大写字母，请对照营业执照逐位核对。</translation>
    </message>
    <message>
        <source>This credit code has a mistake. Check each character against the business licence.</source>
        <translation>这个统一社会信用代码有错，请对照营业执照逐位核对。</translation>
    </message>
    <message>
        <source>Enter the 12 to 19 digits of the bank account or bank card number.</source>
        <translation>请输入12到19位的银行账号或银行卡号。</translation>
    </message>
    <message>
        <source>This bank card number has a mistake. Check each digit against the card.</source>
        <translation>这个银行卡号有错，请对照银行卡逐位核对。</translation>
    </message>
    <message>
        <source>Choose the province and the city; in Sichuan and Chongqing, choose the district or county too.</source>
        <translation>请选择省和市；在四川和重庆，还要选择区或县。</translation>
    </message>
    <message>
        <source>Choose the province, city and district again from the lists.</source>
        <translation>请从列表中重新选择省、市和区县。</translation>
    </message>
    <message>
        <source>Enter the street, the building and the room number.</source>
        <translation>请填写街道、楼栋和门牌号。</translation>
    </message>
    <message>
        <source>Only people aged {limit} or older can apply for this. Ask the staff for help.</source>
        <translation>只有年满{limit}周岁的人才能申请这一事项，请找工作人员帮忙。</translation>
    </message>
    <message>
        <source>Only people aged {limit} or younger can apply for this. Ask the staff for help.</source>
        <translation>只有{limit}周岁及以下的人才能申请这一事项，请找工作人员帮忙。</translation>
    </message>
    <message>
        <source>This answer does not belong to the form. Ask the staff for help.</source>
        <translation>这一项不属于这张表，请找工作人员帮忙。</translation>
    </message>
    <message>
        <source>This answer could not be read. Enter it again or ask the staff for help.</source>
        <translation>这一项读不出来，请重新填写或找工作人员帮忙。</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>This terminal has no printer.</source>
        <translation>本终端没有连接打印机。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Print the guide</source>
        <translation>打印办事指南</translation>
    </message>
    <message>
        <source>Printing is not available</source>
        <translation>暂时无法打印</translation>
    </message>
    <message>
        <source>Take the guide with you</source>
        <translation>带走办事指南</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s camera to read this guide</source>
        <translation>用手机相机扫码，查看本指南</translation>
    </message>
    <message>
        <source>Before you go</source>
        <translation>办理前请准备</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>What you need</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <source>Please scan the code with your phone&apos;s camera instead.</source>
        <translation>请改用手机相机扫描二维码。</translation>
    </message>
    <message>
        <source>Please ask the staff for help.</source>
        <translation>请联系工作人员协助。</translation>
    </message>
    <message>
        <source>The guide cannot be printed now.</source>
        <translation>现在无法打印办事指南。</translation>
    </message>
    <message>
        <source>The guide can be printed: it lists what to bring and where to go.</source>
        <translation>可以打印办事指南：上面列有需要携带的材料和办理地点。</translation>
    </message>
    <message>
        <source>The same day</source>
        <translation>当天办结</translation>
    </message>
    <message>
        <source>1 working day</source>
        <translation>1个工作日</translation>
    </message>
    <message>
        <source>{days} working days</source>
        <translation>{days}个工作日</translation>
    </message>
    <message>
        <source>if you apply today, by {date}</source>
        <translation>今天申请，{date}前办结</translation>
    </message>
    <message>
        <source> (estimated)</source>
        <translation>（预计）</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <source>Front desk: guest check-in with the electronic ID</source>
        <translation>前台：住客凭电子身份证入住</translation>
    </message>
    <message>
        <source>Sichuan–Chongqing Cross-Region Services</source>
        <translation>川渝通办 · 自助服务</translation>
    </message>
    <message>
        <source>Elder mode</source>
        <translation>长辈模式</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>高对比</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>语音</translation>
    </message>
</context>
<context>
    <name>HelpScreen</name>
    <message>
        <source>How this terminal works</source>
        <translation>自助终端使用指南</translation>
    </message>
    <message>
        <source>Find your service</source>
        <translation>查找事项</translation>
    </message>
    <message>
        <source>Search in Chinese, in pinyin (even its initials, such as sbk) or in English, or choose a category.</source>
        <translation>可用汉字、拼音（包括首字母，如 sbk）或英文搜索，也可以按分类查找。</translation>
    </message>
    <message>
        <source>Read what it takes</source>
        <translation>了解办理要求</translation>
    </message>
    <message>
        <source>See what to bring, how long it takes, and who handles it in Sichuan and in Chongqing.</source>
        <translation>查看需要携带的材料、办理时限，以及四川和重庆分别由哪个部门办理。</translation>
    </message>
    <message>
        <source>Take the guide</source>
        <translation>取走办事指南</translation>
    </message>
    <message>
        <source>Print the guide, or scan its code with your phone to read it there.</source>
        <translation>打印办事指南，或用手机扫描二维码查看。</translation>
    </message>
    <message>
        <source>Check a code, or ask for help</source>
        <translation>核验证照，或寻求帮助</translation>
    </message>
    <message>
        <source>Check an e-ID or e-licence code here. For help, call the staff with the button at the bottom of the screen.</source>
        <translation>可在这里核验电子身份证或电子证照的二维码。需要帮助时，请按屏幕底部的按钮呼叫工作人员。</translation>
    </message>
    <message>
        <source>Your information is cleared automatically when you leave or stop using the screen.</source>
        <translation>您离开或长时间未操作时，您的信息会被自动清除。</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>%1 cross-region service items · %2 kinds of e-licences recognised in both provinces · government service hotline %3</source>
        <translation>川渝通办事项 %1 项 · 两地互认电子证照 %2 类 · 政务服务热线 %3</translation>
    </message>
    <message>
        <source>Search: name, pinyin or English</source>
        <translation>搜索事项：中文、拼音或英文</translation>
    </message>
    <message>
        <source>Search opens when the service list is ready</source>
        <translation>事项清单准备好后即可搜索</translation>
    </message>
    <message>
        <source>The service list is getting ready. This takes a moment.</source>
        <translation>事项清单正在准备，请稍候。</translation>
    </message>
    <message>
        <source>Services by category</source>
        <translation>按类别查找</translation>
    </message>
    <message>
        <source>Most used</source>
        <translation>最常办理</translation>
    </message>
    <message>
        <source>All services</source>
        <translation>全部事项</translation>
    </message>
    <message>
        <source>For enterprises</source>
        <translation>企业办事</translation>
    </message>
    <message>
        <source>The terminal is starting: this is ready in a moment.</source>
        <translation>终端正在启动，稍后即可使用。</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Are you still there?</source>
        <translation>您还在吗？</translation>
    </message>
    <message>
        <source>To protect your information, this session will end and everything you entered will be cleared when the countdown reaches zero.</source>
        <translation>为保护您的信息，倒计时结束后将退出本次办理，并清除您已填写的全部内容。</translation>
    </message>
    <message>
        <source>I&apos;m still here — continue</source>
        <translation>我还在，继续办理</translation>
    </message>
    <message>
        <source>1 second left</source>
        <translation>还剩 1 秒</translation>
    </message>
    <message>
        <source>{seconds} seconds left</source>
        <translation>还剩 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>ItemDetailScreen</name>
    <message>
        <source>For individuals.</source>
        <translation>面向个人。</translation>
    </message>
    <message>
        <source>For companies and other organisations.</source>
        <translation>面向企业和其他组织。</translation>
    </message>
    <message>
        <source>For individuals and for companies.</source>
        <translation>面向个人和企业。</translation>
    </message>
    <message>
        <source>You in person, a company&apos;s legal representative, or someone either of them authorises</source>
        <translation>本人、企业法定代表人，或由其委托的代理人</translation>
    </message>
    <message>
        <source>You in person, or a company&apos;s legal representative</source>
        <translation>本人，或企业法定代表人</translation>
    </message>
    <message>
        <source>The company&apos;s legal representative or authorised staff</source>
        <translation>企业法定代表人或经授权的工作人员</translation>
    </message>
    <message>
        <source>The company&apos;s legal representative</source>
        <translation>企业法定代表人</translation>
    </message>
    <message>
        <source>You, or someone you authorise</source>
        <translation>本人，或您委托的代理人</translation>
    </message>
    <message>
        <source>You, in person</source>
        <translation>本人亲自办理</translation>
    </message>
    <message>
        <source>Someone authorised to apply for you</source>
        <translation>经授权的代理人</translation>
    </message>
    <message>
        <source>Fully online: submitted here and handled online; the result is electronic.</source>
        <translation>全程网办：在这里提交，全程网上办理，办理结果为电子版。</translation>
    </message>
    <message>
        <source>Accepted here, handled by the other province: this terminal&apos;s service centre accepts it, and the department in the other province handles it.</source>
        <translation>异地代收代办：由本终端所在的服务中心受理，转交另一省（市）的部门办理。</translation>
    </message>
    <message>
        <source>Handled by both provinces: the departments in Sichuan and Chongqing each do a part.</source>
        <translation>多地联办：四川和重庆两地的部门各自办理其中一部分。</translation>
    </message>
    <message>
        <source>The same day</source>
        <translation>当天办结</translation>
    </message>
    <message>
        <source>1 working day</source>
        <translation>1个工作日</translation>
    </message>
    <message>
        <source>{days} working days</source>
        <translation>{days}个工作日</translation>
    </message>
    <message>
        <source>If you apply today: by {date}</source>
        <translation>今天申请：{date}前办结</translation>
    </message>
    <message>
        <source> (estimated)</source>
        <translation>（预计）</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Guide: print or read on your phone</source>
        <translation>办事指南：打印或用手机查看</translation>
    </message>
    <message>
        <source>About this service</source>
        <translation>事项说明</translation>
    </message>
    <message>
        <source>What you need</source>
        <translation>所需材料</translation>
    </message>
    <message>
        <source>Who handles it</source>
        <translation>办理部门</translation>
    </message>
    <message>
        <source>Apply here</source>
        <translation>在此申请</translation>
    </message>
    <message>
        <source>You can apply for it here, now, with your electronic ID.</source>
        <translation>您现在就可以在本终端用电子身份证申请办理。</translation>
    </message>
    <message>
        <source>This terminal cannot take applications right now: take the guide to a service counter.</source>
        <translation>本终端暂时无法受理申请：请带上办事指南到服务窗口办理。</translation>
    </message>
    <message>
        <source>This service is handled at a service counter: take the guide with you.</source>
        <translation>此事项需到服务窗口办理，请带上办事指南。</translation>
    </message>
    <message>
        <source>Apply for all of &quot;{bundle}&quot; together</source>
        <translation>一次申请“{bundle}”的全部事项</translation>
    </message>
    <message>
        <source>Apply for all of them together</source>
        <translation>一次申请全部事项</translation>
    </message>
    <message>
        <source>Who can apply</source>
        <translation>谁可以申请</translation>
    </message>
    <message>
        <source>How it is handled</source>
        <translation>办理方式</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>In Sichuan</source>
        <translation>四川</translation>
    </message>
    <message>
        <source>In Chongqing</source>
        <translation>重庆</translation>
    </message>
    <message>
        <source>Where you need to go in person</source>
        <translation>需要到现场办理的环节</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>设定依据</translation>
    </message>
</context>
<context>
    <name>KeyboardTryout</name>
    <message>
        <source>Search (pinyin or English)</source>
        <translation>搜索（拼音或英文）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>手机号码</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Identity card number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the last character</source>
        <translation>删除最后一个字符</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <source>11 digits, e.g. 138 0013 8000</source>
        <translation>11位数字，例如 138 0013 8000</translation>
    </message>
    <message>
        <source>18 characters; the last may be X</source>
        <translation>18位，与身份证上的一致</translation>
    </message>
    <message>
        <source>18 characters, as on the business licence</source>
        <translation>18位，与营业执照上的一致</translation>
    </message>
    <message>
        <source>Digits only, as on the card or passbook</source>
        <translation>只填数字，与银行卡或存折上的一致</translation>
    </message>
    <message>
        <source>Digits only</source>
        <translation>只填数字</translation>
    </message>
</context>
<context>
    <name>LogLevels</name>
    <message>
        <source>Debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重错误</translation>
    </message>
</context>
<context>
    <name>MaintenanceScreen</name>
    <message>
        <source>This terminal is temporarily out of service</source>
        <translation>本终端暂停服务</translation>
    </message>
    <message>
        <source>Please use another terminal, or ask the staff at the counter for help.</source>
        <translation>请使用其他自助终端，或到窗口咨询工作人员。</translation>
    </message>
    <message>
        <source>For technicians: the configuration is not valid.</source>
        <translation>技术人员请注意：配置文件有误。</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>文件：{path}</translation>
    </message>
    <message>
        <source>(whole file)</source>
        <translation>（整个文件）</translation>
    </message>
    <message>
        <source>; did you mean {suggestion}?</source>
        <translation>；是否应为 {suggestion}？</translation>
    </message>
    <message>
        <source>environment variable {name}</source>
        <translation>环境变量 {name}</translation>
    </message>
    <message>
        <source>Correct the file (see `{kiosk} config docs`), check it with `{kiosk} config validate`, then restart the kiosk.</source>
        <translation>请修改配置文件（参见 `{kiosk} config docs`），用 `{kiosk} config validate` 检查无误后重新启动终端程序。</translation>
    </message>
    <message>
        <source>1. Stop the kiosk.
2. Run `{kiosk} database recover` (the damaged file is kept and the queued records that can still be read are exported).
3. Run `{kiosk} sync`.
4. Start the kiosk again.
See docs/database-recovery.md.</source>
        <translation>1. 停止终端程序。
2. 运行 `{kiosk} database recover`（损坏的文件会保留，仍可读取的待发送记录会导出）。
3. 运行 `{kiosk} sync`。
4. 重新启动终端程序。
详见 docs/database-recovery.md。</translation>
    </message>
    <message>
        <source>Run `{kiosk} database check` to see why, put it right, then restart the kiosk. See docs/database-recovery.md.</source>
        <translation>请运行 `{kiosk} database check` 查看原因，排除问题后重新启动终端程序。详见 docs/database-recovery.md。</translation>
    </message>
    <message>
        <source>For technicians: the terminal&apos;s database file is damaged.</source>
        <translation>技术人员请注意：本终端的数据库文件已损坏。</translation>
    </message>
    <message>
        <source>For technicians: the terminal&apos;s database cannot be used.</source>
        <translation>技术人员请注意：本终端的数据库无法使用。</translation>
    </message>
</context>
<context>
    <name>MaterialsList</name>
    <message>
        <source>Can be shown as an e-licence here</source>
        <translation>可在本机出示电子证照</translation>
    </message>
    <message>
        <source>Bring it</source>
        <translation>请携带</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>非必需</translation>
    </message>
    <message>
        <source>Optional: only if it applies to you</source>
        <translation>非必需：符合相应情况时才需提供</translation>
    </message>
    <message>
        <source>Show the paper original at the counter</source>
        <translation>需到窗口出示纸质原件</translation>
    </message>
    <message>
        <source>No materials are needed.</source>
        <translation>无需提交材料。</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>a value is required</source>
        <translation>必须填写</translation>
    </message>
    <message>
        <source>is not a known setting</source>
        <translation>不是可识别的配置项</translation>
    </message>
    <message>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <source>must be a list</source>
        <translation>必须是列表</translation>
    </message>
    <message>
        <source>must be a table of settings</source>
        <translation>必须是一组配置项（表）</translation>
    </message>
    <message>
        <source>must be at least {minimum}</source>
        <translation>不能小于 {minimum}</translation>
    </message>
    <message>
        <source>must be at most {maximum}</source>
        <translation>不能大于 {maximum}</translation>
    </message>
    <message>
        <source>must be greater than {minimum}</source>
        <translation>必须大于 {minimum}</translation>
    </message>
    <message>
        <source>must have at least {minimum} character(s)</source>
        <translation>至少需要 {minimum} 个字符</translation>
    </message>
    <message>
        <source>must have at most {maximum} character(s)</source>
        <translation>最多 {maximum} 个字符</translation>
    </message>
    <message>
        <source>must list at least {minimum} item(s)</source>
        <translation>至少需要列出 {minimum} 项</translation>
    </message>
    <message>
        <source>must be one of: {choices}</source>
        <translation>必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>must look like {example}</source>
        <translation>格式应类似 {example}</translation>
    </message>
    <message>
        <source>must be a web address such as {example}</source>
        <translation>必须是网址，例如 {example}</translation>
    </message>
    <message>
        <source>must use https (plain http is allowed only for loopback or in demo mode)</source>
        <translation>必须使用 https（仅本机回环地址或演示模式可用 http）</translation>
    </message>
    <message>
        <source>must be one of the enabled languages: {choices}</source>
        <translation>必须是已启用的语言之一：{choices}</translation>
    </message>
    <message>
        <source>must not list the same item twice</source>
        <translation>不能重复列出同一项</translation>
    </message>
    <message>
        <source>must be shorter than the idle timeout ({timeout} s)</source>
        <translation>必须短于无操作超时时间（{timeout} 秒）</translation>
    </message>
    <message>
        <source>the fake device is allowed only when demo_mode = true</source>
        <translation>仅在 demo_mode = true（演示模式）时允许使用模拟设备</translation>
    </message>
    <message>
        <source>is the published demo trust anchor, allowed only when demo_mode = true</source>
        <translation>是公开的演示信任根密钥，仅在 demo_mode = true（演示模式）时允许使用</translation>
    </message>
    <message>
        <source>must be one of: qt:&lt;device&gt;, file:&lt;video&gt;, images:&lt;folder&gt;, fake</source>
        <translation>必须是以下形式之一：qt:&lt;设备&gt;、file:&lt;视频文件&gt;、images:&lt;文件夹&gt;、fake</translation>
    </message>
    <message>
        <source>must be a size such as 1280x720 (width x height, 160 to 4096 pixels)</source>
        <translation>必须是形如 1280x720 的尺寸（宽×高，160 至 4096 像素）</translation>
    </message>
    <message>
        <source>must be one of: escpos-usb:&lt;vendor&gt;:&lt;product&gt;, escpos-net:&lt;host&gt;:&lt;port&gt;, escpos-serial:&lt;device&gt;, file:&lt;path&gt;, system:&lt;printer&gt;, fake</source>
        <translation>必须是以下形式之一：escpos-usb:&lt;厂商号&gt;:&lt;产品号&gt;、escpos-net:&lt;主机&gt;:&lt;端口&gt;、escpos-serial:&lt;设备&gt;、file:&lt;路径&gt;、system:&lt;打印机&gt;、fake</translation>
    </message>
    <message>
        <source>must be a PEM or base64 public key (P-256, P-384, Ed25519 or RSA 2048+)</source>
        <translation>必须是 PEM 或 base64 格式的公钥（P-256、P-384、Ed25519 或 2048 位以上 RSA）</translation>
    </message>
    <message>
        <source>is not valid: {detail}</source>
        <translation>无效：{detail}</translation>
    </message>
    <message>
        <source>no configuration file here; create one (see `kiosk config docs`)</source>
        <translation>此处没有配置文件，请新建（参见 `kiosk config docs`）</translation>
    </message>
    <message>
        <source>the file cannot be read: {detail}</source>
        <translation>无法读取文件：{detail}</translation>
    </message>
    <message>
        <source>is not valid TOML: {detail}</source>
        <translation>不是有效的 TOML：{detail}</translation>
    </message>
    <message>
        <source>is required: the schema version this file was written for (now {current})</source>
        <translation>必须填写：本文件所依据的配置版本（当前为 {current}）</translation>
    </message>
    <message>
        <source>this file is for schema version {found}; this kiosk understands up to {current}: update the kiosk software</source>
        <translation>本文件为第 {found} 版配置格式，本终端程序最高支持第 {current} 版：请升级终端软件</translation>
    </message>
    <message>
        <source>no migration from schema version {found} to {current} is known</source>
        <translation>没有从第 {found} 版到第 {current} 版配置格式的迁移方法</translation>
    </message>
    <message>
        <source>could not be migrated from schema version {found}: {detail}</source>
        <translation>无法从第 {found} 版配置格式迁移：{detail}</translation>
    </message>
    <message>
        <source>is a section, not a setting: set its fields with {example}</source>
        <translation>这是一个配置分组而不是配置项：请用 {example} 设置其中的配置项</translation>
    </message>
    <message>
        <source>must be a folder path</source>
        <translation>必须是文件夹路径</translation>
    </message>
    <message>
        <source>must be days and times such as mon-fri 08:30-18:00; sat 09:00-12:00 (this part is not understood: {part})</source>
        <translation>应写为星期和时间，例如 `mon-fri 08:30-18:00; sat 09:00-12:00`（无法理解的部分：{part}）</translation>
    </message>
    <message>
        <source>must give days and times in order, as mon-fri or 08:30-18:00 (not so: {part})</source>
        <translation>星期和时间须按先后顺序书写，例如 `mon-fri` 或 `08:30-18:00`（此处不符：{part}）</translation>
    </message>
    <message>
        <source>must be a command and its arguments, as a shell would split them</source>
        <translation>应为一条命令及其参数，按命令行的方式用空格分隔</translation>
    </message>
    <message>
        <source>is not valid (`kiosk config validate` says why)</source>
        <translation>无效（原因请运行 `kiosk config validate` 查看）</translation>
    </message>
    <message>
        <source>is not valid TOML: a mistake at line {line}, column {column}</source>
        <translation>不是有效的 TOML：第 {line} 行第 {column} 列有误</translation>
    </message>
    <message>
        <source>is not valid TOML (`kiosk config validate` says where)</source>
        <translation>不是有效的 TOML（出错位置请运行 `kiosk config validate` 查看）</translation>
    </message>
    <message>
        <source>has tables nested too deeply</source>
        <translation>表的嵌套层级过深</translation>
    </message>
    <message>
        <source>the file cannot be read: the kiosk has no permission to read it</source>
        <translation>无法读取文件：终端程序没有读取权限</translation>
    </message>
    <message>
        <source>the file cannot be read: this is a folder, not a file</source>
        <translation>无法读取文件：这是文件夹，不是文件</translation>
    </message>
    <message>
        <source>the file cannot be read: it is not UTF-8 text</source>
        <translation>无法读取文件：不是 UTF-8 编码的文本</translation>
    </message>
    <message>
        <source>the file cannot be read (`kiosk config validate` says why)</source>
        <translation>无法读取文件（原因请运行 `kiosk config validate` 查看）</translation>
    </message>
    <message>
        <source>could not be migrated from schema version {found} (`kiosk config validate` says why)</source>
        <translation>无法从第 {found} 版配置格式迁移（原因请运行 `kiosk config validate` 查看）</translation>
    </message>
    <message>
        <source>cannot be changed in technician mode (edit the configuration file)</source>
        <translation>不能在技术员模式中更改（请编辑配置文件）</translation>
    </message>
    <message>
        <source>is set by the environment variable {variable}: change it there</source>
        <translation>由环境变量 {variable} 设置：请在那里更改</translation>
    </message>
    <message>
        <source>must list folders by their full path, such as /media</source>
        <translation>必须列出文件夹的完整路径，例如 `/media`</translation>
    </message>
    <message>
        <source>Verified.</source>
        <translation>验证通过。</translation>
    </message>
    <message>
        <source>This code cannot be read as an e-ID or e-licence. Please show the QR code from your e-ID or e-licence app.</source>
        <translation>无法识别为电子身份证或电子证照。请出示电子身份证或电子证照应用中的二维码。</translation>
    </message>
    <message>
        <source>This code uses a newer format that this terminal cannot read yet. Please ask the staff.</source>
        <translation>此码使用了本终端暂不支持的新格式，请咨询工作人员。</translation>
    </message>
    <message>
        <source>This code was not issued by an authority this terminal recognises.</source>
        <translation>此码不是由本终端认可的机构签发的。</translation>
    </message>
    <message>
        <source>The authority that issued this code may not issue this kind of credential.</source>
        <translation>签发此码的机构无权签发此类证照。</translation>
    </message>
    <message>
        <source>This code failed the security check: it may have been altered.</source>
        <translation>此码未通过安全校验，可能已被篡改。</translation>
    </message>
    <message>
        <source>This credential is not valid yet.</source>
        <translation>此证照尚未生效。</translation>
    </message>
    <message>
        <source>This code has expired. Refresh it in your app and show it again; an expired licence must be renewed first.</source>
        <translation>此码已过期。请在应用中刷新后重新出示；已过期的证照需先办理换证。</translation>
    </message>
    <message>
        <source>This credential has been revoked by the authority that issued it.</source>
        <translation>此证照已被签发机构注销。</translation>
    </message>
    <message>
        <source>This code has already been used. Refresh the code in your app and show the new one.</source>
        <translation>此码已被使用过。请在应用中刷新，出示新的二维码。</translation>
    </message>
    <message>
        <source>This terminal cannot check codes at the moment (its list of issuers is out of date). Please ask the staff.</source>
        <translation>本终端暂时无法核验（签发机构名单已过期），请咨询工作人员。</translation>
    </message>
    <message>
        <source>This terminal&apos;s clock is wrong, so codes cannot be checked. Please ask the staff.</source>
        <translation>本终端时间不准确，无法核验，请咨询工作人员。</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Identity number</source>
        <translation>身份证号码</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证主体</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>证照编号</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>签发机构</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>no expiry date</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>The printer is ready.</source>
        <translation>打印机工作正常。</translation>
    </message>
    <message>
        <source>The printer&apos;s paper is running low.</source>
        <translation>打印纸即将用完。</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>打印机缺纸。</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open.</source>
        <translation>打印机上盖未关好。</translation>
    </message>
    <message>
        <source>The printer is not available.</source>
        <translation>打印机无法连接。</translation>
    </message>
    <message>
        <source>The printer reported a fault.</source>
        <translation>打印机报告故障。</translation>
    </message>
    <message>
        <source>Welcome to cross-region self-service</source>
        <translation>欢迎使用川渝通办自助服务</translation>
    </message>
    <message>
        <source>Services of Sichuan and Chongqing handled here to one standard: the same procedure, the same materials, the same processing time.</source>
        <translation>四川、重庆政务服务事项在此按同一标准办理：流程相同、材料相同、时限相同。</translation>
    </message>
    <message>
        <source>Guest check-in with the electronic ID</source>
        <translation>电子身份证入住登记</translation>
    </message>
    <message>
        <source>Guests can check in by showing the e-ID QR code on their phone instead of a physical identity card.</source>
        <translation>住客出示手机上的电子身份证二维码即可办理入住，无需实体身份证。</translation>
    </message>
    <message>
        <source>Check an e-ID or e-licence</source>
        <translation>核验电子证照</translation>
    </message>
    <message>
        <source>Show the QR code on your phone and see what the terminal reads</source>
        <translation>出示手机上的二维码，查看终端读取到的信息</translation>
    </message>
    <message>
        <source>Check guests in</source>
        <translation>办理入住</translation>
    </message>
    <message>
        <source>Scan each guest&apos;s e-ID, type the room and save: the stay is reported</source>
        <translation>逐一扫描住客的电子身份证，输入房号后保存，入住信息即上报</translation>
    </message>
    <message>
        <source>Guest register</source>
        <translation>住客登记簿</translation>
    </message>
    <message>
        <source>Today&apos;s arrivals, guests in house and departures; slips and check-out</source>
        <translation>今日到店、在住与离店住客；补打入住单、办理退房</translation>
    </message>
    <message>
        <source>How to use this terminal</source>
        <translation>使用指南</translation>
    </message>
    <message>
        <source>How to find a service and what to bring</source>
        <translation>如何查找事项、需要带什么</translation>
    </message>
    <message>
        <source>Technician mode</source>
        <translation>技术员模式</translation>
    </message>
    <message>
        <source>Every action here is recorded in the audit log. Technician mode closes by itself when the terminal is left untouched.</source>
        <translation>这里的每项操作都会记入审计日志。终端无人操作时，技术员模式会自动退出。</translation>
    </message>
    <message>
        <source>Terminal status</source>
        <translation>终端状态</translation>
    </message>
    <message>
        <source>Platform link, queue and dead letters, documents, devices, disk</source>
        <translation>平台连接、队列与投递失败记录、数据文件、设备、磁盘</translation>
    </message>
    <message>
        <source>Camera and printer</source>
        <translation>摄像头和打印机</translation>
    </message>
    <message>
        <source>Live camera picture and decoding, a test print, the paper</source>
        <translation>摄像头实时画面与识别、测试打印、纸张</translation>
    </message>
    <message>
        <source>Enrolment</source>
        <translation>终端注册</translation>
    </message>
    <message>
        <source>Enrol this terminal with the platform using a one-time code</source>
        <translation>用一次性注册码在平台注册本终端</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Change the settings a technician may change; applied by a restart</source>
        <translation>修改技术员可改的设置，重启后生效</translation>
    </message>
    <message>
        <source>Logs and audit</source>
        <translation>日志与审计</translation>
    </message>
    <message>
        <source>The terminal&apos;s log (nothing personal) and the audit log</source>
        <translation>终端日志（不含个人信息）和审计日志</translation>
    </message>
    <message>
        <source>Import from USB</source>
        <translation>从USB存储设备导入</translation>
    </message>
    <message>
        <source>A trust list or a catalogue from a USB drive, its signature checked</source>
        <translation>从USB存储设备导入信任列表或事项目录，并核验签名</translation>
    </message>
    <message>
        <source>Restart or leave</source>
        <translation>重启或退出</translation>
    </message>
    <message>
        <source>Restart the application, or leave to the desktop</source>
        <translation>重启应用程序，或退出到桌面</translation>
    </message>
    <message>
        <source>Receipts cannot be printed at the moment. You can still use every service: your receipt will be shown on the screen to photograph, and the staff can print it later.</source>
        <translation>暂时无法打印回执。各项服务仍可正常办理：回执将显示在屏幕上供您拍照保存，工作人员稍后可为您补打。</translation>
    </message>
    <message>
        <source>Check-in slips cannot be printed at the moment: the slip will be shown on the screen instead.</source>
        <translation>暂时无法打印入住凭条：凭条将显示在屏幕上。</translation>
    </message>
    <message>
        <source>Show the QR code of your e-ID or e-licence</source>
        <translation>请出示电子身份证或电子证照二维码</translation>
    </message>
    <message>
        <source>Show the QR code of your electronic ID to prove who you are</source>
        <translation>请出示电子身份证二维码，证明您的身份</translation>
    </message>
    <message>
        <source>Show the QR code of your e-ID or overseas electronic resident card</source>
        <translation>请出示电子身份证或境外人员电子居民证的二维码</translation>
    </message>
    <message>
        <source>Show the QR code of the e-licence for this material</source>
        <translation>请出示这份材料的电子证照二维码</translation>
    </message>
    <message>
        <source>Show the QR code printed on your receipt</source>
        <translation>请出示回执上印的二维码</translation>
    </message>
    <message>
        <source>Check progress</source>
        <translation>查询办理进度</translation>
    </message>
    <message>
        <source>Type the acceptance number or show the QR code on your receipt</source>
        <translation>输入受理编号，或出示回执上的二维码</translation>
    </message>
    <message>
        <source>A PIN is 6 to 12 digits (0 to 9)</source>
        <translation>PIN 应为 6 至 12 位数字（0 至 9）</translation>
    </message>
    <message>
        <source>A PIN may not be one digit repeated (such as 000000)</source>
        <translation>PIN 不能是同一个数字重复（如 000000）</translation>
    </message>
    <message>
        <source>A PIN may not be digits in a row (such as 123456 or 654321)</source>
        <translation>PIN 不能是连续的数字（如 123456 或 654321）</translation>
    </message>
    <message>
        <source>A PIN may not be a short group of digits repeated (such as 121212 or 123123)</source>
        <translation>PIN 不能是一小组数字的重复（如 121212 或 123123）</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>Fully online</source>
        <translation>全程网办</translation>
    </message>
    <message>
        <source>Accepted here, handled by the other province</source>
        <translation>异地代收代办</translation>
    </message>
    <message>
        <source>Joint handling by both provinces</source>
        <translation>多地联办</translation>
    </message>
    <message>
        <source>ACCEPTANCE RECEIPT</source>
        <translation>受理回执</translation>
    </message>
    <message>
        <source>Acceptance No.</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Local reference</source>
        <translation>本地编号</translation>
    </message>
    <message>
        <source>Will be submitted automatically when the network is back; no need to apply again.</source>
        <translation>网络恢复后将自动提交，无需再次办理。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>办理方式</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结</translation>
    </message>
    <message>
        <source> (estimate)</source>
        <translation>（预计）</translation>
    </message>
    <message>
        <source>Passport or permit No.</source>
        <translation>护照或通行证号码</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>企业名称</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Bring on paper to a service counter by {date}</source>
        <translation>请于{date}前携带以下纸质材料到服务窗口</translation>
    </message>
    <message>
        <source>Items applied for together</source>
        <translation>一并申请的事项</translation>
    </message>
    <message>
        <source>Materials received</source>
        <translation>已收材料</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Scan to check progress</source>
        <translation>扫码查询办理进度</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Service centre</source>
        <translation>服务中心</translation>
    </message>
    <message>
        <source>Government service hotline</source>
        <translation>政务服务便民热线</translation>
    </message>
    <message>
        <source>CHECK-IN SLIP</source>
        <translation>入住登记凭条</translation>
    </message>
    <message>
        <source>Slip No.</source>
        <translation>凭条编号</translation>
    </message>
    <message>
        <source>1 night</source>
        <translation>1晚</translation>
    </message>
    <message>
        <source>{nights} nights</source>
        <translation>{nights}晚</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>住客</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Check-in</source>
        <translation>入住日期</translation>
    </message>
    <message>
        <source>Check-out</source>
        <translation>离店日期</translation>
    </message>
    <message>
        <source>Identity verified</source>
        <translation>身份已核验</translation>
    </message>
    <message>
        <source>Check-in No.</source>
        <translation>入住登记号</translation>
    </message>
    <message>
        <source>being reported</source>
        <translation>正在上报</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>PRINTER TEST PAGE</source>
        <translation>打印机测试页</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>Chinese text</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>If every line above is complete and the code scans, the printer is ready.</source>
        <translation>以上各行完整且二维码可扫描，即打印机正常。</translation>
    </message>
    <message>
        <source>SERVICE GUIDE</source>
        <translation>办事指南</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>办理时限</translation>
    </message>
    <message>
        <source>{days} working days</source>
        <translation>{days}个工作日</translation>
    </message>
    <message>
        <source>the same day</source>
        <translation>当日办结</translation>
    </message>
    <message>
        <source>If you apply today, ready by</source>
        <translation>今日申请，预计办结</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>收费</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>e-licence accepted at the terminal</source>
        <translation>可在终端出示电子证照</translation>
    </message>
    <message>
        <source>bring it</source>
        <translation>需携带</translation>
    </message>
    <message>
        <source>only if it applies</source>
        <translation>视情况提供</translation>
    </message>
    <message>
        <source>show the paper original at the counter</source>
        <translation>需到窗口核验纸质原件</translation>
    </message>
    <message>
        <source>Department in Sichuan</source>
        <translation>四川办理部门</translation>
    </message>
    <message>
        <source>Department in Chongqing</source>
        <translation>重庆办理部门</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>线下环节</translation>
    </message>
    <message>
        <source>Scan to read this guide on your phone</source>
        <translation>手机扫码查看本指南</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Try printing again</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Next guest</source>
        <translation>下一位住客</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Printing the check-in slip…</source>
        <translation>正在打印入住凭条…</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>正在打印回执…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <source>Please take the check-in slip</source>
        <translation>请取走入住凭条</translation>
    </message>
    <message>
        <source>The guest&apos;s identity has been verified.</source>
        <translation>住客身份已核验。</translation>
    </message>
    <message>
        <source>Please take your receipt</source>
        <translation>请取走您的回执</translation>
    </message>
    <message>
        <source>Keep it: its QR code shows the progress of your application.</source>
        <translation>请妥善保管：扫描回执上的二维码可查询办理进度。</translation>
    </message>
    <message>
        <source>The slip could not be printed</source>
        <translation>入住凭条未能打印</translation>
    </message>
    <message>
        <source>Your receipt could not be printed</source>
        <translation>您的回执未能打印</translation>
    </message>
    <message>
        <source>Nothing is lost: please photograph the receipt on this screen, or write down its number.</source>
        <translation>您的申请不受影响：请拍下屏幕上的回执，或记下回执编号。</translation>
    </message>
    <message>
        <source>Printing the guide…</source>
        <translation>正在打印办事指南…</translation>
    </message>
    <message>
        <source>Please take your guide</source>
        <translation>请取走您的办事指南</translation>
    </message>
    <message>
        <source>Its QR code opens the same guide on your phone.</source>
        <translation>扫描上面的二维码，可在手机上查看同一份指南。</translation>
    </message>
    <message>
        <source>It lists what to bring and where to go.</source>
        <translation>上面列有需要携带的材料和办理地点。</translation>
    </message>
    <message>
        <source>The guide could not be printed</source>
        <translation>办事指南未能打印</translation>
    </message>
    <message>
        <source>Please scan the code on this screen with your phone instead.</source>
        <translation>请改用手机扫描屏幕上的二维码。</translation>
    </message>
    <message>
        <source>Please try again, or ask the staff for help.</source>
        <translation>请重试，或联系工作人员协助。</translation>
    </message>
    <message>
        <source>Scan with your phone&apos;s camera to read this guide</source>
        <translation>用手机相机扫码，查看本指南</translation>
    </message>
    <message>
        <source>Acceptance number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Local reference</source>
        <translation>本地编号</translation>
    </message>
    <message>
        <source>Scan this code later to follow your application.</source>
        <translation>之后扫描此二维码即可查询办理进度。</translation>
    </message>
    <message>
        <source>Slip number</source>
        <translation>凭条编号</translation>
    </message>
    <message>
        <source> (estimated)</source>
        <translation>（预计）</translation>
    </message>
    <message>
        <source>Please bring the paper materials listed on the receipt to a service counter by {date}.</source>
        <translation>请于{date}前携带回执上列出的纸质材料到服务窗口。</translation>
    </message>
    <message>
        <source>If part of it came out of the printer, please use this screen instead.</source>
        <translation>如打印机只打出了部分回执，请以屏幕上的为准。</translation>
    </message>
    <message>
        <source>It has been kept: the staff can print it for you later.</source>
        <translation>回执已妥善保存，工作人员稍后可为您补打。</translation>
    </message>
    <message>
        <source>Please photograph it now: it could not be kept for a later reprint.</source>
        <translation>请现在拍照保存：本回执未能保存，无法稍后补打。</translation>
    </message>
</context>
<context>
    <name>ResultsScreen</name>
    <message>
        <source>Found: %1</source>
        <translation>找到 %1</translation>
    </message>
    <message>
        <source>%1, the most used first; the first %2 shown</source>
        <translation>共 %1，最常办理的在前；显示前 %2 项</translation>
    </message>
    <message>
        <source>Nothing found for “%1”</source>
        <translation>没有找到与“%1”相关的事项</translation>
    </message>
    <message>
        <source>Nothing found with these filters</source>
        <translation>在这些筛选条件下没有找到事项</translation>
    </message>
    <message>
        <source>“%1” means “%2”</source>
        <translation>“%1”即“%2”</translation>
    </message>
    <message>
        <source>Pinyin %1 = %2</source>
        <translation>拼音 %1 = %2</translation>
    </message>
    <message>
        <source>Pinyin initials %1 = %2</source>
        <translation>拼音首字母 %1 = %2</translation>
    </message>
    <message>
        <source>Fewer filters may help: touch ✕ on a filter above, or “Clear filters”.</source>
        <translation>减少筛选条件也许能找到：点上方筛选条件上的 ✕，或点“清除筛选”。</translation>
    </message>
    <message>
        <source>Did you mean: %1</source>
        <translation>您是不是要找：%1</translation>
    </message>
    <message>
        <source>Found: %1; the first %2 shown</source>
        <translation>找到 %1；显示前 %2 项</translation>
    </message>
    <message>
        <source>%1, the most used first</source>
        <translation>共 %1，最常办理的在前</translation>
    </message>
    <message>
        <source>Has “%1” of what you typed</source>
        <translation>含有您输入的“%1”</translation>
    </message>
    <message>
        <source>Does not mention “%1”</source>
        <translation>未提到“%1”</translation>
    </message>
    <message>
        <source>Also called “%2”</source>
        <translation>也叫“%2”</translation>
    </message>
    <message>
        <source>Matched the English name: %2</source>
        <translation>英文名称匹配：%2</translation>
    </message>
    <message>
        <source>Did you mean: %3</source>
        <translation>您是不是要找：%3</translation>
    </message>
    <message>
        <source>Mentioned in the description: “%2”</source>
        <translation>事项说明中提到“%2”</translation>
    </message>
    <message>
        <source>Search: name, pinyin or English</source>
        <translation>搜索事项：中文、拼音或英文</translation>
    </message>
    <message>
        <source>Search for a service</source>
        <translation>搜索事项</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Check the spelling, try pinyin (for example shebao) or the first letters (sb), or use fewer words.</source>
        <translation>请检查有没有错别字，试试输入拼音或拼音首字母，或者少输几个字。</translation>
    </message>
    <message>
        <source>Or look through a category:</source>
        <translation>或者按类别查看：</translation>
    </message>
    <message>
        <source>Still not found? Press “Call staff” at the bottom of the screen.</source>
        <translation>还是找不到？请按屏幕下方的“呼叫工作人员”。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>ReturnReason</name>
    <message>
        <source>Some materials were missing or incomplete.</source>
        <translation>有材料缺少或不完整。</translation>
    </message>
    <message>
        <source>The information given did not match the materials.</source>
        <translation>填写的信息与材料不一致。</translation>
    </message>
    <message>
        <source>The conditions for this service were not met.</source>
        <translation>不符合办理这项业务的条件。</translation>
    </message>
    <message>
        <source>Another reason. Please ask at a service counter.</source>
        <translation>其他原因，请到服务窗口咨询。</translation>
    </message>
</context>
<context>
    <name>ScanFlash</name>
    <message>
        <source>Scan result</source>
        <translation>扫码结果</translation>
    </message>
    <message>
        <source>Scan accepted</source>
        <translation>扫码通过</translation>
    </message>
    <message>
        <source>Scan refused</source>
        <translation>扫码未通过</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>Scanning stops in {seconds} s</source>
        <translation>{seconds} 秒后停止扫描</translation>
    </message>
    <message>
        <source>No code was read. Open the QR code on your phone, turn the screen brightness up, and hold it inside the frame about 20 cm from the camera.</source>
        <translation>未能识别到二维码。请在手机上打开二维码，调高屏幕亮度，将其放在取景框内，距离摄像头约 20 厘米。</translation>
    </message>
    <message>
        <source>Please ask the staff for help.</source>
        <translation>请咨询现场工作人员。</translation>
    </message>
    <message>
        <source>This is not a receipt code. Please show the QR code printed on your receipt, or go back and type the acceptance number.</source>
        <translation>这不是回执上的二维码。请出示回执上印的二维码，或返回输入受理编号。</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在打开摄像头……</translation>
    </message>
    <message>
        <source>Code read</source>
        <translation>已识别</translation>
    </message>
    <message>
        <source>This is not a receipt code</source>
        <translation>这不是回执二维码</translation>
    </message>
    <message>
        <source>Hold the QR code inside the frame, about 20 cm from the camera</source>
        <translation>请将二维码放在取景框内，距离摄像头约 20 厘米</translation>
    </message>
    <message>
        <source>Too dark: turn up your phone&apos;s screen brightness</source>
        <translation>画面太暗，请调高手机屏幕亮度</translation>
    </message>
    <message>
        <source>There is a reflection: tilt your phone a little</source>
        <translation>屏幕有反光，请稍微倾斜手机</translation>
    </message>
    <message>
        <source>Please move a little closer</source>
        <translation>请再靠近一些</translation>
    </message>
    <message>
        <source>Please hold your phone still</source>
        <translation>请保持手机稳定</translation>
    </message>
    <message>
        <source>Please show only one QR code</source>
        <translation>请只出示一个二维码</translation>
    </message>
    <message>
        <source>Reading the code, please hold still…</source>
        <translation>正在识别，请保持不动……</translation>
    </message>
    <message>
        <source>The camera is not available.</source>
        <translation>摄像头不可用。</translation>
    </message>
    <message>
        <source>The camera was disconnected.</source>
        <translation>摄像头已断开连接。</translation>
    </message>
    <message>
        <source>This program may not use the camera.</source>
        <translation>本程序无权使用摄像头。</translation>
    </message>
    <message>
        <source>The camera is not working.</source>
        <translation>摄像头工作异常。</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重新扫描</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>Please type the acceptance number printed on your receipt.</source>
        <translation>请输入回执上印的受理编号。</translation>
    </message>
    <message>
        <source>This is not an acceptance number. It has 2 letters and 14 digits, for example {example}. Please check it on your receipt.</source>
        <translation>这不是受理编号。受理编号由2个字母和14位数字组成，例如{example}。请对照回执核对。</translation>
    </message>
</context>
<context>
    <name>StatusEntryScreen</name>
    <message>
        <source>Check an application&apos;s progress</source>
        <translation>查询办理进度</translation>
    </message>
    <message>
        <source>Type the acceptance number printed on your receipt.</source>
        <translation>请输入回执上印的受理编号。</translation>
    </message>
    <message>
        <source>For example %1</source>
        <translation>例如 %1</translation>
    </message>
    <message>
        <source>Acceptance number</source>
        <translation>受理编号</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Or:</source>
        <translation>或者：</translation>
    </message>
    <message>
        <source>Show the QR code on your receipt</source>
        <translation>出示回执上的二维码</translation>
    </message>
    <message>
        <source>Hold the receipt under the camera</source>
        <translation>把回执放在摄像头下方</translation>
    </message>
    <message>
        <source>If the receipt says the application will be submitted automatically, type its local reference instead. Only the item and its progress are shown, nothing about you. Lost your receipt? Call 12345 or ask the staff.</source>
        <translation>如果回执上写着“将自动提交”，请输入回执上的本机编号。这里只显示事项和办理进度，不显示您的个人信息。回执丢失了？请拨打12345或咨询工作人员。</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>StatusResultScreen</name>
    <message>
        <source>Looking up…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>Asking the platform. This takes a few seconds.</source>
        <translation>正在向平台查询，请稍候几秒。</translation>
    </message>
    <message>
        <source>No application found</source>
        <translation>未找到该申请</translation>
    </message>
    <message>
        <source>Please check the number on your receipt and type it again, or show the receipt&apos;s QR code. For help, call %1 or ask the staff.</source>
        <translation>请对照回执核对编号后重新输入，或出示回执上的二维码。如需帮助，请拨打%1或咨询工作人员。</translation>
    </message>
    <message>
        <source>The platform cannot be reached</source>
        <translation>无法连接平台</translation>
    </message>
    <message>
        <source>The terminal cannot reach the platform now; try again later or call %1.</source>
        <translation>终端暂时无法连接平台，请稍后再试或拨打%1。</translation>
    </message>
    <message>
        <source>Not sent yet</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <source>Your application is kept safely in this terminal but could not be sent. Please ask the staff for help, or call %1.</source>
        <translation>您的申请已安全保存在本终端，但未能发送。请咨询工作人员，或拨打%1。</translation>
    </message>
    <message>
        <source>Waiting to be sent from this terminal</source>
        <translation>等待本终端发送</translation>
    </message>
    <message>
        <source>Your application is kept safely in this terminal and will be sent automatically when the network is back. You do not need to apply again.</source>
        <translation>您的申请已安全保存在本终端，网络恢复后将自动发送，无需重新申请。</translation>
    </message>
    <message>
        <source>Not received yet</source>
        <translation>平台尚未收到</translation>
    </message>
    <message>
        <source>The terminal where you applied will send your application automatically when its network is back. You do not need to apply again.</source>
        <translation>您办理时使用的终端会在网络恢复后自动提交您的申请，无需重新申请。</translation>
    </message>
    <message>
        <source>Your application has been completed.</source>
        <translation>您的申请已办结。</translation>
    </message>
    <message>
        <source>Your application was returned: %1 Call %2 or ask at a service counter what to do next.</source>
        <translation>您的申请已被退回：%1请拨打%2或到服务窗口咨询下一步怎么办。</translation>
    </message>
    <message>
        <source>Your application has been received and is waiting to be accepted.</source>
        <translation>您的申请已收到，正在等待受理。</translation>
    </message>
    <message>
        <source>The department is handling your application.</source>
        <translation>部门正在办理您的申请。</translation>
    </message>
    <message>
        <source>Your application has been accepted.</source>
        <translation>您的申请已受理。</translation>
    </message>
    <message>
        <source>Promised by %1.</source>
        <translation>承诺于%1前办结。</translation>
    </message>
    <message>
        <source>Note from the department: %1</source>
        <translation>部门说明：%1</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Being handled</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>some materials are missing or incomplete.</source>
        <translation>部分材料缺失或不完整。</translation>
    </message>
    <message>
        <source>some information does not match the materials.</source>
        <translation>部分信息与材料不一致。</translation>
    </message>
    <message>
        <source>the conditions of this service are not met.</source>
        <translation>不符合该事项的办理条件。</translation>
    </message>
    <message>
        <source>see the department&apos;s note.</source>
        <translation>请查看部门的说明。</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Promised by</source>
        <translation>承诺办结日期</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>办理进度</translation>
    </message>
    <message>
        <source>Times are Beijing time.</source>
        <translation>时间均为北京时间。</translation>
    </message>
    <message>
        <source>Check another</source>
        <translation>查询其他申请</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Back to home</source>
        <translation>返回首页</translation>
    </message>
</context>
<context>
    <name>TechConfig</name>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TechConfigScreen</name>
    <message>
        <source>The settings could not be read. The log says why.</source>
        <translation>无法读取设置，原因见日志。</translation>
    </message>
    <message>
        <source>The configuration file has problems now. Saving works only once the changes correct them:</source>
        <translation>配置文件目前有问题。只有更改纠正了这些问题后才能保存：</translation>
    </message>
    <message>
        <source>The settings could not be written to the configuration file (the log says why). Nothing was changed.</source>
        <translation>设置无法写入配置文件（原因见日志），没有做任何更改。</translation>
    </message>
    <message>
        <source>Not saved: the settings would not be valid.</source>
        <translation>未保存：这样设置将无效。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Each value is checked as the terminal checks its settings when it starts. Saved settings apply when the application restarts.</source>
        <translation>每个值都按终端启动时检查设置的方式检查。保存的设置在应用程序重启后生效。</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>正在读取设置…</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Changed, not saved yet</source>
        <translation>已更改，尚未保存</translation>
    </message>
    <message>
        <source>Set by the environment variable %1: change it there.</source>
        <translation>由环境变量 %1 设置：请在那里更改。</translation>
    </message>
    <message>
        <source>In the file now: %1.</source>
        <translation>文件中现在的值：%1。</translation>
    </message>
    <message>
        <source>The value could not be checked (the log says why). Try again.</source>
        <translation>无法检查此值（原因见日志），请重试。</translation>
    </message>
    <message>
        <source>From %1 to %2.</source>
        <translation>取值范围 %1 至 %2。</translation>
    </message>
    <message>
        <source>Choose one or more, in the order they are to be shown.</source>
        <translation>选择一项或多项，按显示顺序依次选择。</translation>
    </message>
    <message>
        <source>Several values are separated by commas.</source>
        <translation>多个值之间用逗号分隔。</translation>
    </message>
    <message>
        <source>Default: %1.</source>
        <translation>默认值：%1。</translation>
    </message>
    <message>
        <source>Not set by default.</source>
        <translation>默认不设置。</translation>
    </message>
    <message>
        <source>The file</source>
        <translation>配置文件</translation>
    </message>
    <message>
        <source>Check the changes</source>
        <translation>核对更改</translation>
    </message>
    <message>
        <source>Saved settings apply when the application restarts.</source>
        <translation>保存的设置在应用程序重启后生效。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Settings saved</source>
        <translation>设置已保存</translation>
    </message>
    <message>
        <source>The new settings are in the configuration file. The application uses them after it restarts; until then it keeps working with the old ones.</source>
        <translation>新设置已写入配置文件。应用程序重启后使用新设置；在此之前仍按原设置运行。</translation>
    </message>
    <message>
        <source>Review the changes (%1)</source>
        <translation>核对更改（%1）</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Keep this value</source>
        <translation>保留此值</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>不设置</translation>
    </message>
    <message>
        <source>Less</source>
        <translation>减少</translation>
    </message>
    <message>
        <source>More</source>
        <translation>增加</translation>
    </message>
</context>
<context>
    <name>TechDevicesScreen</name>
    <message>
        <source>%1 × %2, %3 frames a second</source>
        <translation>%1 × %2，每秒 %3 帧</translation>
    </message>
    <message>
        <source>%1 a second (%2 % of the frames)</source>
        <translation>每秒识别 %1 帧（占全部帧的 %2%）</translation>
    </message>
    <message>
        <source>%1 a second, in %2 % of the frames looked at</source>
        <translation>每秒 %1 个，识别过的帧中有 %2% 读出了二维码</translation>
    </message>
    <message>
        <source>brightness %1 of 255, glare %2 %, sharpness %3</source>
        <translation>亮度 %1（满值 255），反光 %2%，清晰度 %3</translation>
    </message>
    <message>
        <source>too dark to read a phone&apos;s code</source>
        <translation>太暗，读不出手机上的二维码</translation>
    </message>
    <message>
        <source>too much glare: move the lamp or tilt the camera</source>
        <translation>反光太强：请移开灯光或调整摄像头角度</translation>
    </message>
    <message>
        <source>none yet: show a code to the camera</source>
        <translation>还没有：请把二维码对准摄像头</translation>
    </message>
    <message>
        <source>%1, just now</source>
        <translation>%1，刚刚</translation>
    </message>
    <message>
        <source>%1, %2 s ago</source>
        <translation>%1，%2 秒前</translation>
    </message>
    <message>
        <source>an e-ID code</source>
        <translation>电子身份证二维码</translation>
    </message>
    <message>
        <source>an e-licence code</source>
        <translation>电子证照二维码</translation>
    </message>
    <message>
        <source>a credential code that cannot be read</source>
        <translation>无法识别的电子证照二维码</translation>
    </message>
    <message>
        <source>a receipt code</source>
        <translation>回执二维码</translation>
    </message>
    <message>
        <source>the printer test page&apos;s code</source>
        <translation>打印机测试页的二维码</translation>
    </message>
    <message>
        <source>not a code we know</source>
        <translation>不是本终端认识的二维码</translation>
    </message>
    <message>
        <source>The camera is off.</source>
        <translation>摄像头已关闭。</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <source>The camera is working.</source>
        <translation>摄像头工作正常。</translation>
    </message>
    <message>
        <source>No camera was found.</source>
        <translation>没有找到摄像头。</translation>
    </message>
    <message>
        <source>The camera was disconnected.</source>
        <translation>摄像头已断开连接。</translation>
    </message>
    <message>
        <source>This program may not use the camera.</source>
        <translation>本程序无权使用摄像头。</translation>
    </message>
    <message>
        <source>The camera is not working.</source>
        <translation>摄像头工作异常。</translation>
    </message>
    <message>
        <source>Give the kiosk&apos;s user account access to the camera (the `video` group), then restart the application.</source>
        <translation>请给运行本程序的系统用户开通摄像头权限（加入 `video` 用户组），然后重启应用程序。</translation>
    </message>
    <message>
        <source>Check the camera&apos;s cable and plug it into another USB port; check the camera named in the settings. Then try again.</source>
        <translation>请检查摄像头连接线，换一个 USB 接口插上，并核对设置中指定的摄像头，然后重试。</translation>
    </message>
    <message>
        <source>Unplug the camera, wait a few seconds, plug it in again and try again. If it still fails, restart the application.</source>
        <translation>请拔下摄像头，等几秒后重新插上，再重试。如果仍然不行，请重启应用程序。</translation>
    </message>
    <message>
        <source>No printer could be opened.</source>
        <translation>无法打开打印机。</translation>
    </message>
    <message>
        <source>Check the printer named in the settings and its cable, then restart the application.</source>
        <translation>请核对设置中指定的打印机及其连接线，然后重启应用程序。</translation>
    </message>
    <message>
        <source>Asking the printer…</source>
        <translation>正在查询打印机…</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <source>The test page printed (%1 lines). Check that the Chinese text, the frame and the QR code are sharp and the paper was cut.</source>
        <translation>测试页已打印（%1 行）。请检查中文、边框和二维码是否清晰，纸张是否已切断。</translation>
    </message>
    <message>
        <source>The test page did not print: %1</source>
        <translation>测试页没有打印：%1</translation>
    </message>
    <message>
        <source>Part of it may have printed.</source>
        <translation>可能已打印出一部分。</translation>
    </message>
    <message>
        <source>The printer is ready.</source>
        <translation>打印机已就绪。</translation>
    </message>
    <message>
        <source>The paper is running low.</source>
        <translation>打印纸即将用完。</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>打印机缺纸。</translation>
    </message>
    <message>
        <source>The printer&apos;s cover is open.</source>
        <translation>打印机盖未关好。</translation>
    </message>
    <message>
        <source>The printer does not answer.</source>
        <translation>打印机没有响应。</translation>
    </message>
    <message>
        <source>The printer reports a fault.</source>
        <translation>打印机报告故障。</translation>
    </message>
    <message>
        <source>Put in a new roll soon: receipts still print, but the roll is near its end.</source>
        <translation>请尽快换上新纸卷：现在还能打印回执，但纸卷快用完了。</translation>
    </message>
    <message>
        <source>Open the cover, put in a new roll with the paper coming off the bottom of the roll towards you, leave a little paper out, close the cover until it clicks, then print a test page.</source>
        <translation>打开机盖，放入新纸卷，纸从纸卷下方朝您的方向拉出，留出一小段纸，合上机盖直到听到咔嗒声，然后打印一张测试页。</translation>
    </message>
    <message>
        <source>Close the printer&apos;s cover firmly until it clicks, then print a test page.</source>
        <translation>请用力合上打印机盖，直到听到咔嗒声，然后打印一张测试页。</translation>
    </message>
    <message>
        <source>Check that the printer is switched on and its light is on, and that its cable (USB or network) is plugged in at both ends. A network printer&apos;s address is in the settings.</source>
        <translation>请检查打印机是否已开机、指示灯是否亮着，连接线（USB 或网线）两端是否插好。网络打印机的地址在设置中。</translation>
    </message>
    <message>
        <source>Switch the printer off, clear any paper stuck in the cutter, wait a minute and switch it on again. If the fault stays, the printer needs repair.</source>
        <translation>请关闭打印机，清除卡在切刀处的纸张，等一分钟后重新开机。如果故障仍在，打印机需要维修。</translation>
    </message>
    <message>
        <source>Device tests</source>
        <translation>设备检测</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>回执打印机</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>画面</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Codes read</source>
        <translation>读码</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>光线</translation>
    </message>
    <message>
        <source>Last code</source>
        <translation>最近的二维码</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Print a test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <source>Show the printed page&apos;s QR code to the camera: the camera card then names it as the printer test page&apos;s code.</source>
        <translation>把打印出的测试页二维码对准摄像头：摄像头一栏会显示为打印机测试页的二维码。</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>TechEnrol</name>
    <message>
        <source>Type the enrolment code the platform operator gave you.</source>
        <translation>请输入平台管理员给您的注册码。</translation>
    </message>
    <message>
        <source>An enrolment code has 12 letters and digits, like {example}; this has only {count}.</source>
        <translation>注册码由 12 个字母和数字组成，例如 {example}；这里只有 {count} 个。</translation>
    </message>
    <message>
        <source>An enrolment code has 12 letters and digits, like {example}; this has {count}.</source>
        <translation>注册码由 12 个字母和数字组成，例如 {example}；这里有 {count} 个。</translation>
    </message>
    <message>
        <source>An enrolment code is only letters and digits and never has the character {character}: check the code.</source>
        <translation>注册码只由字母和数字组成，不会有字符 {character}：请核对注册码。</translation>
    </message>
    <message>
        <source>The platform does not know this code for terminal {terminal_id}: it is mistyped, expired (a code is valid for 24 hours) or was made for another terminal. Check the code, or ask the platform operator for a new one.</source>
        <translation>平台不认识终端 {terminal_id} 的这个注册码：可能输错了、已过期（注册码 24 小时内有效），或是为其他终端生成的。请核对注册码，或向平台管理员索取新的注册码。</translation>
    </message>
    <message>
        <source>This code was already used: a code works only once. Ask the platform operator for a new one.</source>
        <translation>这个注册码已经用过：每个注册码只能用一次。请向平台管理员索取新的注册码。</translation>
    </message>
    <message>
        <source>The platform could not be reached. Check the network cable and the platform&apos;s address in the settings, then try again.</source>
        <translation>无法连接平台。请检查网线和设置中的平台地址，然后重试。</translation>
    </message>
    <message>
        <source>This terminal&apos;s clock is wrong, so the platform refused the request. Set the date and time right (network time), then try again.</source>
        <translation>本终端的时钟不准，平台拒绝了请求。请校准日期和时间（网络对时），然后重试。</translation>
    </message>
    <message>
        <source>The platform has disabled terminal {terminal_id}. Ask the platform operator to enable it.</source>
        <translation>平台已停用终端 {terminal_id}。请联系平台管理员重新启用。</translation>
    </message>
    <message>
        <source>The platform refused the terminal id {terminal_id} or this terminal&apos;s key. Check the terminal id in the settings.</source>
        <translation>平台拒绝了终端编号 {terminal_id} 或本终端的密钥。请核对设置中的终端编号。</translation>
    </message>
    <message>
        <source>The platform is busy or had a fault. Wait a few minutes and try again; tell the platform operator if it goes on.</source>
        <translation>平台繁忙或出现故障。请等几分钟后重试；如果一直这样，请告知平台管理员。</translation>
    </message>
    <message>
        <source>The answer did not come from the government platform, or its keys are not signed by this terminal&apos;s trust anchor. Check the platform&apos;s address and trust anchor in the settings. Nothing was stored.</source>
        <translation>应答不是来自政务服务平台，或其密钥未经本终端信任根签名。请核对设置中的平台地址和信任根。本终端没有保存任何内容。</translation>
    </message>
    <message>
        <source>This terminal&apos;s own key file is damaged. Ask for help: it must be moved aside before the terminal can enrol.</source>
        <translation>本终端自己的密钥文件已损坏。请求助：需要先把它移走，终端才能注册。</translation>
    </message>
    <message>
        <source>This terminal has no platform set up, so it cannot enrol. Set the platform&apos;s address in the settings first.</source>
        <translation>本终端没有设置平台，无法注册。请先在设置中填写平台地址。</translation>
    </message>
    <message>
        <source>The platform refused the enrolment. Tell the platform operator the error code below.</source>
        <translation>平台拒绝了注册。请把下面的错误代码告诉平台管理员。</translation>
    </message>
</context>
<context>
    <name>TechEnrolScreen</name>
    <message>
        <source>Reading the enrolment…</source>
        <translation>正在读取注册信息…</translation>
    </message>
    <message>
        <source>This terminal is not enrolled</source>
        <translation>本终端尚未注册</translation>
    </message>
    <message>
        <source>Terminal %1 cannot send applications, check-ins or calls for staff to the platform until it is enrolled.</source>
        <translation>终端 %1 注册之前，无法向平台发送申请、入住信息或呼叫工作人员。</translation>
    </message>
    <message>
        <source>The stored enrolment is damaged</source>
        <translation>保存的注册信息已损坏</translation>
    </message>
    <message>
        <source>This terminal&apos;s enrolment file cannot be read. Enrol it again.</source>
        <translation>无法读取本终端的注册文件。请重新注册。</translation>
    </message>
    <message>
        <source>Enrolled as terminal %1</source>
        <translation>已注册为终端 %1</translation>
    </message>
    <message>
        <source>With the platform at %1, since %2.</source>
        <translation>平台地址 %1，注册时间 %2。</translation>
    </message>
    <message>
        <source>The settings now name terminal %1: enrol again with a code for %1.</source>
        <translation>设置中的终端编号现在是 %1：请用 %1 的注册码重新注册。</translation>
    </message>
    <message>
        <source>a time the platform did not say</source>
        <translation>平台未提供</translation>
    </message>
    <message>
        <source>Enrol again? The damaged enrolment is replaced by the new one. Records waiting to be sent stay on this terminal.</source>
        <translation>要重新注册吗？新的注册信息会替换已损坏的注册信息。等待发送的记录仍保留在本终端。</translation>
    </message>
    <message>
        <source>This terminal is already enrolled as %1 since %2. Enrolling again replaces its enrolment with the platform and on this terminal; it takes effect after a restart. Records waiting to be sent stay on this terminal. Enrol again?</source>
        <translation>本终端已于 %2 注册为 %1。重新注册会替换平台上和本终端上的注册信息，重启后生效。等待发送的记录仍保留在本终端。要重新注册吗？</translation>
    </message>
    <message>
        <source>Enrolling with the platform…</source>
        <translation>正在向平台注册…</translation>
    </message>
    <message>
        <source>This takes a few seconds.</source>
        <translation>请稍候几秒。</translation>
    </message>
    <message>
        <source>The terminal is enrolled with the platform at %1. Restart the application to use the new enrolment: until then it keeps working as before.</source>
        <translation>终端已在平台 %1 注册。请重启应用程序以使用新的注册信息；重启前终端仍按原来的方式工作。</translation>
    </message>
    <message>
        <source>The terminal was not enrolled</source>
        <translation>终端没有注册成功</translation>
    </message>
    <message>
        <source>Error code: %1</source>
        <translation>错误代码：%1</translation>
    </message>
    <message>
        <source>Enrolment with the platform</source>
        <translation>在平台注册终端</translation>
    </message>
    <message>
        <source>Type the one-time enrolment code the platform operator made for this terminal. It has 12 letters and digits, is valid for 24 hours and works once.</source>
        <translation>请输入平台管理员为本终端生成的一次性注册码。注册码由 12 个字母和数字组成，24 小时内有效，只能使用一次。</translation>
    </message>
    <message>
        <source>For example %1</source>
        <translation>例如 %1</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>注册</translation>
    </message>
    <message>
        <source>Enrol again</source>
        <translation>重新注册</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>TechHomeScreen</name>
    <message>
        <source>Terminal {terminal}</source>
        <translation>终端 {terminal}</translation>
    </message>
    <message>
        <source>Leave technician mode</source>
        <translation>退出技术员模式</translation>
    </message>
</context>
<context>
    <name>TechImport</name>
    <message>
        <source>The file cannot be read: the USB drive may have been removed. Put it back and try again.</source>
        <translation>无法读取文件：USB 存储设备可能已被拔出。请重新插入后再试。</translation>
    </message>
    <message>
        <source>The file is too large to be a trust list or a catalogue.</source>
        <translation>文件太大，不可能是信任列表或事项目录。</translation>
    </message>
    <message>
        <source>This file is not a signed trust list or catalogue. Use the file the platform operator published.</source>
        <translation>此文件不是经签名的信任列表或事项目录。请使用平台运营方发布的文件。</translation>
    </message>
    <message>
        <source>This file is a trust list, not a catalogue. Nothing was installed.</source>
        <translation>此文件是信任列表，不是事项目录。未安装任何内容。</translation>
    </message>
    <message>
        <source>This file is a catalogue, not a trust list. Nothing was installed.</source>
        <translation>此文件是事项目录，不是信任列表。未安装任何内容。</translation>
    </message>
    <message>
        <source>The file is not signed by this terminal&apos;s trust anchor: it comes from another platform, or the trust anchor in the settings is wrong. Nothing was installed.</source>
        <translation>此文件不是由本终端的信任锚签名的：它来自其他平台，或者设置中的信任锚有误。未安装任何内容。</translation>
    </message>
    <message>
        <source>The file&apos;s signature does not match its content: it was damaged or altered. Nothing was installed; get a fresh copy from the platform operator.</source>
        <translation>文件的签名与内容不符：文件已损坏或被篡改。未安装任何内容；请向平台运营方索取新的副本。</translation>
    </message>
    <message>
        <source>This is a demo trust list and this terminal is not a demo terminal. Nothing was installed.</source>
        <translation>这是演示用的信任列表，而本终端不是演示终端。未安装任何内容。</translation>
    </message>
    <message>
        <source>The file is older than the copy installed. The installed copy was kept; bring the newest file.</source>
        <translation>此文件比已安装的版本旧。已保留已安装的版本；请带来最新的文件。</translation>
    </message>
    <message>
        <source>A different trust list with the same sequence number is installed. It was kept; ask the platform operator which one is genuine.</source>
        <translation>已安装一份序号相同但内容不同的信任列表，已予保留；请向平台运营方确认哪一份是真的。</translation>
    </message>
    <message>
        <source>The signature is good but the content cannot be read by this terminal (damaged, or made for another software version). Nothing was installed.</source>
        <translation>签名有效，但本终端无法读取内容（已损坏，或为其他软件版本制作）。未安装任何内容。</translation>
    </message>
    <message>
        <source>The file could not be installed: the terminal&apos;s database failed. Nothing was installed; the log says more.</source>
        <translation>无法安装文件：终端数据库出错。未安装任何内容；详情见日志。</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 千字节</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 兆字节</translation>
    </message>
</context>
<context>
    <name>TechImportScreen</name>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Import from a USB drive</source>
        <translation>从 USB 存储设备导入</translation>
    </message>
    <message>
        <source>Looking in %1 and three folder levels below.</source>
        <translation>在 %1 及其下三层文件夹中查找。</translation>
    </message>
    <message>
        <source>Nothing can be imported now: the terminal&apos;s database is not open.</source>
        <translation>现在无法导入：终端数据库未打开。</translation>
    </message>
    <message>
        <source>The drives could not be looked at. The log says why.</source>
        <translation>无法查看存储设备，原因见日志。</translation>
    </message>
    <message>
        <source>Looking for files…</source>
        <translation>正在查找文件…</translation>
    </message>
    <message>
        <source>No file found. Put in the USB drive with the file from the platform operator (it ends in .cose): it shows here within a few seconds.</source>
        <translation>未找到文件。请插入存有平台运营方文件（以 `.cose` 结尾）的 USB 存储设备，几秒钟内会显示在这里。</translation>
    </message>
    <message>
        <source>Choose the file to import.</source>
        <translation>请选择要导入的文件。</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>已选择</translation>
    </message>
    <message>
        <source>Choose</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Too large to be a trust list or a catalogue</source>
        <translation>文件太大，不可能是信任列表或事项目录</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Its signature is checked before anything is installed.</source>
        <translation>安装任何内容之前先检查其签名。</translation>
    </message>
    <message>
        <source>Not installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>The file could not be imported (the log says why). Nothing changed.</source>
        <translation>无法导入文件（原因见日志），没有任何更改。</translation>
    </message>
    <message>
        <source>Trust list %1 is installed already</source>
        <translation>信任列表 %1 已经安装</translation>
    </message>
    <message>
        <source>Trust list %1 installed</source>
        <translation>信任列表 %1 已安装</translation>
    </message>
    <message>
        <source>Its signature was checked. Codes are verified with it from now on.</source>
        <translation>签名已检查。此后用它验证电子证照码。</translation>
    </message>
    <message>
        <source>Catalogue %1 is installed already</source>
        <translation>事项目录 %1 已经安装</translation>
    </message>
    <message>
        <source>Catalogue %1 installed</source>
        <translation>事项目录 %1 已安装</translation>
    </message>
    <message>
        <source>Its signature was checked. Citizens see it from now on.</source>
        <translation>签名已检查。市民此后即可看到新目录。</translation>
    </message>
    <message>
        <source>Its signature was checked. Citizens see it after the application restarts.</source>
        <translation>签名已检查。应用程序重启后市民即可看到新目录。</translation>
    </message>
    <message>
        <source>A trust list or a catalogue the platform operator published. Its signature is checked against this terminal&apos;s trust anchor before anything is installed.</source>
        <translation>导入平台运营方发布的信任列表或事项目录。安装任何内容之前，先用本终端的信任锚检查其签名。</translation>
    </message>
    <message>
        <source>Look again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import another file</source>
        <translation>导入其他文件</translation>
    </message>
</context>
<context>
    <name>TechLogsScreen</name>
    <message>
        <source>The terminal&apos;s own log, newest first: the entries at the chosen level and the more severe ones. Personal data is masked.</source>
        <translation>终端自身的日志，最新的在前：显示所选级别及更严重级别的记录。个人信息已遮盖。</translation>
    </message>
    <message>
        <source>Every entry into technician mode, refused PIN and technician action, newest first. Each entry is chained to the one before it, so a removed or changed entry is found.</source>
        <translation>每次进入技术员模式、每次被拒绝的 PIN 和每项技术员操作，最新的在前。每条记录都与前一条相链接，删除或修改任何一条都会被发现。</translation>
    </message>
    <message>
        <source>This could not be read. The log says why.</source>
        <translation>无法读取，原因见日志。</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>No entries at this level.</source>
        <translation>此级别没有记录。</translation>
    </message>
    <message>
        <source>The newest %1 entries.</source>
        <translation>最新的 %1 条记录。</translation>
    </message>
    <message>
        <source>%1 damaged line(s) passed over.</source>
        <translation>已跳过 %1 行损坏的内容。</translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation>审计日志为空。</translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>正在检查链条…</translation>
    </message>
    <message>
        <source>Verify the audit chain</source>
        <translation>验证审计链</translation>
    </message>
    <message>
        <source>The chain could not be checked. The log says why.</source>
        <translation>无法检查链条，原因见日志。</translation>
    </message>
    <message>
        <source>The audit log is intact: %1 entries, each chained to the one before.</source>
        <translation>审计日志完好：共 %1 条记录，每条都与前一条相链接。</translation>
    </message>
    <message>
        <source>The audit log was changed: entry %1 is the first that is wrong; the entries before it are intact. Keep a copy of the terminal&apos;s database for the platform operator before anything else.</source>
        <translation>审计日志已被改动：第 %1 条是第一条出错的记录，之前的记录完好。请先为平台运营方保留一份终端数据库的副本，再做其他操作。</translation>
    </message>
    <message>
        <source>on the screen</source>
        <translation>在屏幕上</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>命令行</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未变化</translation>
    </message>
    <message>
        <source>Logs and audit</source>
        <translation>日志与审计</translation>
    </message>
    <message>
        <source>Terminal log</source>
        <translation>终端日志</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>TechPinScreen</name>
    <message>
        <source>Checking the PIN…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <source>The PIN could not be checked just now. Try again; if this keeps happening, restart the terminal.</source>
        <translation>暂时无法核对密码。请再试一次；如果一直如此，请重启终端。</translation>
    </message>
    <message>
        <source>No technician PIN is set on this terminal. Set one on the terminal&apos;s command line with: `kiosk technician set-pin`</source>
        <translation>本终端尚未设置技术员密码。请在终端命令行中用以下命令设置：`kiosk technician set-pin`</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Technician mode is locked for {minutes} min. Every further wrong PIN doubles the wait.</source>
        <translation>密码错误次数过多，技术员模式已锁定 {minutes} 分钟。此后每输错一次，等待时间加倍。</translation>
    </message>
    <message>
        <source>Wrong PIN. 1 try left before technician mode is locked.</source>
        <translation>密码错误。再输错 1 次，技术员模式将被锁定。</translation>
    </message>
    <message>
        <source>Wrong PIN. {left} tries left before technician mode is locked.</source>
        <translation>密码错误。再输错 {left} 次，技术员模式将被锁定。</translation>
    </message>
    <message>
        <source>The lock has ended. You may try the PIN again.</source>
        <translation>锁定已解除，可以再次输入密码。</translation>
    </message>
    <message>
        <source>Technician PIN</source>
        <translation>技术员密码</translation>
    </message>
    <message>
        <source>For technicians only. Type the technician PIN to open technician mode. Every try is recorded in the audit log.</source>
        <translation>仅供技术员使用。输入技术员密码进入技术员模式。每次输入都会记入审计日志。</translation>
    </message>
    <message>
        <source>6 to 12 digits</source>
        <translation>6 至 12 位数字</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>TechStatus</name>
    <message>
        <source>This terminal is not enrolled with the platform: nothing can be sent.</source>
        <translation>本终端尚未在平台注册：任何记录都无法发送。</translation>
    </message>
    <message>
        <source>Enrol it with the one-time code from the platform operator.</source>
        <translation>请使用平台管理员提供的一次性注册码为终端注册。</translation>
    </message>
    <message>
        <source>The platform does not accept this terminal ({error}).</source>
        <translation>平台不接受本终端的请求（{error}）。</translation>
    </message>
    <message>
        <source>Ask the platform operator whether the terminal is disabled; enrol it again with a new code if its key was replaced.</source>
        <translation>请向平台管理员确认本终端是否已被停用；如终端密钥已更换，请用新的注册码重新注册。</translation>
    </message>
    <message>
        <source>The platform cannot be reached ({error}).</source>
        <translation>无法连接平台（{error}）。</translation>
    </message>
    <message>
        <source>Check the network cable or wireless link and the platform address. Records wait safely in the queue.</source>
        <translation>请检查网线或无线网络以及平台地址。记录会安全地保存在队列中等待发送。</translation>
    </message>
    <message>
        <source>The platform answers with errors ({error}).</source>
        <translation>平台返回错误（{error}）。</translation>
    </message>
    <message>
        <source>Records are kept and sent again later. Call the platform operator if it lasts.</source>
        <translation>记录会保留并稍后重新发送。如果持续出现，请联系平台管理员。</translation>
    </message>
    <message>
        <source>The terminal&apos;s clock is {seconds} s away from the platform&apos;s.</source>
        <translation>终端时钟与平台时钟相差 {seconds} 秒。</translation>
    </message>
    <message>
        <source>Set the system time right (turn on network time). Beyond a minute the platform refuses the terminal&apos;s requests.</source>
        <translation>请校准系统时间（开启网络对时）。相差超过一分钟时，平台会拒绝终端的请求。</translation>
    </message>
    <message>
        <source>{count} record(s) could not be delivered and wait for a technician.</source>
        <translation>有 {count} 条记录未能送达，等待技术员处理。</translation>
    </message>
    <message>
        <source>Read the error of each. Retry it once the cause is fixed, or export them for the platform operator.</source>
        <translation>请查看每条记录的错误原因。排除原因后重新发送，或导出交给平台管理员。</translation>
    </message>
    <message>
        <source>Records have waited more than an hour to be sent (since {since}).</source>
        <translation>有记录等待发送已超过一小时（自 {since} 起）。</translation>
    </message>
    <message>
        <source>Check the platform link. The records are sent by themselves once it works.</source>
        <translation>请检查与平台的连接。连接恢复后，记录会自动发送。</translation>
    </message>
    <message>
        <source>No usable trust list is installed: every code shown is refused.</source>
        <translation>未安装可用的信任列表：出示的所有码都会被拒绝。</translation>
    </message>
    <message>
        <source>Sync with the platform, or import a trust list from a USB drive.</source>
        <translation>请与平台同步，或从 USB 存储设备导入信任列表。</translation>
    </message>
    <message>
        <source>The trust list is out of date (issued {days} day(s) ago).</source>
        <translation>信任列表已过期（{days} 天前签发）。</translation>
    </message>
    <message>
        <source>Sync with the platform, or import a newer trust list from a USB drive.</source>
        <translation>请与平台同步，或从 USB 存储设备导入更新的信任列表。</translation>
    </message>
    <message>
        <source>The trust list is due for renewal (issued {days} day(s) ago).</source>
        <translation>信任列表即将到期，需要更新（{days} 天前签发）。</translation>
    </message>
    <message>
        <source>Check that the terminal syncs with the platform.</source>
        <translation>请检查终端能否与平台同步。</translation>
    </message>
    <message>
        <source>The receipt printer cannot print ({state}).</source>
        <translation>凭条打印机无法打印（{state}）。</translation>
    </message>
    <message>
        <source>Check the paper, the cover and the cable, then print a test page (Devices).</source>
        <translation>请检查纸张、机盖和连接线，然后打印测试页（摄像头和打印机）。</translation>
    </message>
    <message>
        <source>The receipt paper is running low.</source>
        <translation>凭条纸快用完了。</translation>
    </message>
    <message>
        <source>Put in a new roll soon.</source>
        <translation>请尽快换上新纸卷。</translation>
    </message>
    <message>
        <source>The camera does not work ({state}).</source>
        <translation>摄像头无法工作（{state}）。</translation>
    </message>
    <message>
        <source>Check its cable, then try it on the Devices screen.</source>
        <translation>请检查摄像头连接线，然后在“摄像头和打印机”页面测试。</translation>
    </message>
    <message>
        <source>Only {free_mb} MB are free on the data disk.</source>
        <translation>数据盘仅剩 {free_mb} 兆字节可用空间。</translation>
    </message>
    <message>
        <source>Free some space (old exports and logs). Queued records are never deleted to make room.</source>
        <translation>请清理空间（旧的导出文件和日志）。队列中的记录不会为腾出空间而被删除。</translation>
    </message>
    <message>
        <source>Part of the status could not be read: {parts}.</source>
        <translation>部分状态无法读取：{parts}。</translation>
    </message>
    <message>
        <source>See the log (Logs) for the reason.</source>
        <translation>原因请查看日志（日志与审计）。</translation>
    </message>
</context>
<context>
    <name>TechStatusScreen</name>
    <message>
        <source>The status cannot be read: the terminal&apos;s database is not open.</source>
        <translation>无法读取状态：终端数据库未打开。</translation>
    </message>
    <message>
        <source>The status could not be read. It is tried again in a moment.</source>
        <translation>无法读取状态，稍后会自动重试。</translation>
    </message>
    <message>
        <source>Reading the status…</source>
        <translation>正在读取状态…</translation>
    </message>
    <message>
        <source>Read at %1 (Beijing time); read again every few seconds.</source>
        <translation>读取于 %1（北京时间），每隔几秒自动更新。</translation>
    </message>
    <message>
        <source>Nothing needs attention.</source>
        <translation>没有需要处理的问题。</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Soon</source>
        <translation>尽快</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>处理方法：%1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>And %1 more (see `kiosk status`).</source>
        <translation>另有 %1 条（请查看 `kiosk status`）。</translation>
    </message>
    <message>
        <source>Putting %1 back in the queue…</source>
        <translation>正在将 %1 放回队列…</translation>
    </message>
    <message>
        <source>Saving the dead letters…</source>
        <translation>正在保存投递失败记录…</translation>
    </message>
    <message>
        <source>The dead letters could not be saved (%1). Check the USB drive and try again.</source>
        <translation>投递失败记录未能保存（%1）。请检查 USB 存储设备后重试。</translation>
    </message>
    <message>
        <source>%1 dead letter(s) saved on the USB drive: %2</source>
        <translation>已将 %1 条投递失败记录保存到 USB 存储设备：%2</translation>
    </message>
    <message>
        <source>No USB drive found: %1 dead letter(s) saved in the terminal&apos;s data folder: %2</source>
        <translation>未找到 USB 存储设备：已将 %1 条投递失败记录保存到终端的数据文件夹：%2</translation>
    </message>
    <message>
        <source>%1 is back in the queue and is sent as soon as the platform answers.</source>
        <translation>%1 已重新放回队列，平台一有响应就会发送。</translation>
    </message>
    <message>
        <source>%1 is no longer waiting for a technician.</source>
        <translation>%1 已不再等待技术员处理。</translation>
    </message>
    <message>
        <source>%1 could not be put back in the queue. See the log.</source>
        <translation>%1 未能放回队列，请查看日志。</translation>
    </message>
    <message>
        <source>queued %1</source>
        <translation>%1 进入队列</translation>
    </message>
    <message>
        <source>%1 attempt(s)</source>
        <translation>已尝试 %1 次</translation>
    </message>
    <message>
        <source>error %1</source>
        <translation>错误 %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>最近连通</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>时钟偏差</translation>
    </message>
    <message>
        <source>%1 s (the platform&apos;s clock minus this one)</source>
        <translation>%1 秒（平台时钟减去本终端时钟）</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Free space</source>
        <translation>可用空间</translation>
    </message>
    <message>
        <source>%1 MB of %2 MB</source>
        <translation>可用 %1 兆字节，共 %2 兆字节</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>%1 entries</source>
        <translation>%1 条</translation>
    </message>
    <message>
        <source>Chain head</source>
        <translation>链头哈希</translation>
    </message>
    <message>
        <source>To send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>投递失败记录</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>最早等待自</translation>
    </message>
    <message>
        <source>%1 (waiting %2, sending %3, to retry %4)</source>
        <translation>%1 条（等待 %2，发送中 %3，待重试 %4）</translation>
    </message>
    <message>
        <source>nothing waits</source>
        <translation>没有等待的记录</translation>
    </message>
    <message>
        <source>none installed</source>
        <translation>未安装</translation>
    </message>
    <message>
        <source>sequence %1, issued %2 (%3 day(s) ago), %4</source>
        <translation>序号 %1，签发于 %2（%3 天前），%4</translation>
    </message>
    <message>
        <source>Trust list</source>
        <translation>信任列表</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>事项目录</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>节假日日历</translation>
    </message>
    <message>
        <source>as installed with the software</source>
        <translation>随软件安装的版本</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>answering with errors</source>
        <translation>返回错误</translation>
    </message>
    <message>
        <source>cannot be reached</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation>尚不清楚</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>due for renewal</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>out of date</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>application</source>
        <translation>办事申请</translation>
    </message>
    <message>
        <source>hotel check-in</source>
        <translation>旅馆入住登记</translation>
    </message>
    <message>
        <source>hotel check-out</source>
        <translation>旅馆退房登记</translation>
    </message>
    <message>
        <source>call for staff</source>
        <translation>呼叫工作人员</translation>
    </message>
    <message>
        <source>not used since the start</source>
        <translation>启动后尚未使用</translation>
    </message>
    <message>
        <source>working at the last scan</source>
        <translation>上次扫码时工作正常</translation>
    </message>
    <message>
        <source>no camera connected</source>
        <translation>未连接摄像头</translation>
    </message>
    <message>
        <source>lost (unplugged or a driver fault)</source>
        <translation>已断开（被拔出或驱动故障）</translation>
    </message>
    <message>
        <source>access refused by the system</source>
        <translation>系统拒绝访问</translation>
    </message>
    <message>
        <source>fault (see the log)</source>
        <translation>故障（请查看日志）</translation>
    </message>
    <message>
        <source>Terminal status</source>
        <translation>终端状态</translation>
    </message>
    <message>
        <source>Records waiting for a technician (dead letters)</source>
        <translation>等待技术员处理的记录（投递失败记录）</translation>
    </message>
    <message>
        <source>Export to USB</source>
        <translation>导出到 USB 存储设备</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Software and audit log</source>
        <translation>软件与审计日志</translation>
    </message>
    <message>
        <source>Back to technician mode</source>
        <translation>返回技术员模式</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
</context>
<context>
    <name>TechSystemScreen</name>
    <message>
        <source>Restart the application now? Anyone using the terminal loses what they entered. A new setting or enrolment takes effect after the restart.</source>
        <translation>现在重启应用程序吗？正在使用终端的人所填内容将丢失。新的设置或注册在重启后生效。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Leave the kiosk for the desktop? The terminal serves nobody until it is started again. Type the technician PIN to confirm.</source>
        <translation>退出自助终端程序、回到桌面吗？再次启动之前，终端无法为任何人服务。请输入技术员密码确认。</translation>
    </message>
    <message>
        <source>Leave to the desktop</source>
        <translation>退出到桌面</translation>
    </message>
    <message>
        <source>Restarting…</source>
        <translation>正在重启…</translation>
    </message>
    <message>
        <source>Closing the kiosk…</source>
        <translation>正在关闭自助终端程序…</translation>
    </message>
    <message>
        <source>Checking the PIN…</source>
        <translation>正在核对密码…</translation>
    </message>
    <message>
        <source>Too many wrong PINs: the PIN is locked for now.</source>
        <translation>密码错误次数过多，暂时已锁定。</translation>
    </message>
    <message>
        <source>Wrong PIN. The kiosk stays open.</source>
        <translation>密码错误，自助终端程序保持运行。</translation>
    </message>
    <message>
        <source>Restart or leave</source>
        <translation>重启或退出</translation>
    </message>
    <message>
        <source>Restart the application</source>
        <translation>重启应用程序</translation>
    </message>
    <message>
        <source>Applies new settings or a new enrolment</source>
        <translation>使新的设置或注册生效</translation>
    </message>
    <message>
        <source>Closes the kiosk for maintenance on the machine; asks for the PIN</source>
        <translation>关闭自助终端程序以维护本机，需要输入密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Back to technician mode</source>
        <translation>返回技术员模式</translation>
    </message>
</context>
<context>
    <name>VoicePrompts</name>
    <message>
        <source>Welcome. To check in, touch the large button and show the e-ID QR code on your phone.</source>
        <translation>欢迎入住。请点击大按钮，然后出示手机上的电子身份证二维码。</translation>
    </message>
    <message>
        <source>The terminal is starting. It is ready in a moment.</source>
        <translation>终端正在启动，请稍候。</translation>
    </message>
    <message>
        <source>Receipts cannot be printed at the moment. Your receipt will be shown on the screen.</source>
        <translation>目前无法打印回执，回执将显示在屏幕上。</translation>
    </message>
    <message>
        <source>Check-in slips cannot be printed at the moment. The slip will be shown on the screen.</source>
        <translation>目前无法打印入住凭条，凭条将显示在屏幕上。</translation>
    </message>
    <message>
        <source>Welcome. To find a service, touch the search box or choose a category. To check an e-ID or e-licence, touch Check a code.</source>
        <translation>欢迎使用。查找事项，请点击搜索框或选择分类。核验电子身份证或电子证照，请点击核验电子证照按钮。</translation>
    </message>
    <message>
        <source>Type the acceptance number from your receipt and touch Look up, or show the receipt&apos;s QR code.</source>
        <translation>请输入回执上的受理编号并点查询，或出示回执上的二维码。</translation>
    </message>
    <message>
        <source>This is where your application stands. Its history is shown below.</source>
        <translation>这是您申请的办理进度，下面是办理记录。</translation>
    </message>
    <message>
        <source>Who is applying? Touch For myself, or one of the other buttons.</source>
        <translation>谁来办理？请点本人办理，或点其他按钮。</translation>
    </message>
    <message>
        <source>Your identity is verified. Touch Continue.</source>
        <translation>您的身份已核验，请点继续。</translation>
    </message>
    <message>
        <source>For each material, scan its e-licence, photograph the paper, or bring it to a service counter. Then touch Continue.</source>
        <translation>每份材料请扫描电子证照、拍摄纸质材料，或带到服务窗口。然后请点继续。</translation>
    </message>
    <message>
        <source>Hold the paper flat under the camera. When the picture is sharp, touch Take picture.</source>
        <translation>请把纸质材料平放在摄像头下。画面清晰后，请点拍照。</translation>
    </message>
    <message>
        <source>Please answer each question on the form, then touch Next.</source>
        <translation>请逐项填写表格，然后点下一步。</translation>
    </message>
    <message>
        <source>Please check your answers. Touch Change to correct one, or Continue.</source>
        <translation>请核对您填写的内容。需要更正请点修改，无误请点继续。</translation>
    </message>
    <message>
        <source>Please read how your personal data is used. To agree, tick the box and touch Submit.</source>
        <translation>请阅读个人信息的使用说明。同意请勾选，然后点提交。</translation>
    </message>
    <message>
        <source>Your application is being submitted. Please wait a moment.</source>
        <translation>正在提交您的申请，请稍候。</translation>
    </message>
    <message>
        <source>Your application is submitted. Please take your receipt and your phone.</source>
        <translation>申请已提交，请取走回执和您的手机。</translation>
    </message>
    <message>
        <source>How this terminal works: find your service, see what to bring and how long it takes, and take its guide on paper or on your phone. Touch Back to home when you are ready.</source>
        <translation>本终端使用方法：查找您要办理的事项，查看需要带什么材料、多久办好，然后打印办事指南或用手机扫码查看。看完请点击返回首页。</translation>
    </message>
    <message>
        <source>Choose a category, or touch the search box to type the service&apos;s name.</source>
        <translation>请选择分类，或点击搜索框输入事项名称。</translation>
    </message>
    <message>
        <source>Type the name of the service in Chinese, pinyin or English, then touch the one you need.</source>
        <translation>请用中文、拼音或英文输入事项名称，然后点击您要办理的事项。</translation>
    </message>
    <message>
        <source>This page says what the service needs and how long it takes. Touch Guide to print it or read it on your phone.</source>
        <translation>本页介绍该事项需要的材料和办理时限。点击办事指南按钮可以打印，或用手机查看。</translation>
    </message>
    <message>
        <source>Scan the code with your phone&apos;s camera to read this guide, or touch Print the guide.</source>
        <translation>请用手机相机扫描二维码查看办事指南，或点击打印指南按钮。</translation>
    </message>
    <message>
        <source>Please take your guide. Its QR code opens the same guide on your phone.</source>
        <translation>请取走您的办事指南。扫描上面的二维码，可以在手机上查看同一份指南。</translation>
    </message>
    <message>
        <source>The guide could not be printed. Please scan the code on the screen with your phone.</source>
        <translation>办事指南未能打印。请用手机扫描屏幕上的二维码。</translation>
    </message>
    <message>
        <source>Please show the QR code of your e-ID or e-licence to the camera, about 20 centimetres away.</source>
        <translation>请将电子身份证或电子证照二维码对准摄像头，距离约20厘米。</translation>
    </message>
    <message>
        <source>Please show the e-ID QR code on your phone to the camera, about 20 centimetres away.</source>
        <translation>请将手机上的电子身份证二维码对准摄像头，距离约20厘米。</translation>
    </message>
    <message>
        <source>No code was read. Turn your phone&apos;s screen brightness up, then touch Try again.</source>
        <translation>没有读到二维码。请提高手机屏幕亮度，然后点击重新扫描。</translation>
    </message>
    <message>
        <source>The camera is not working. Please ask the staff for help.</source>
        <translation>摄像头无法使用，请向工作人员求助。</translation>
    </message>
    <message>
        <source>Verified. The code is genuine and valid. Please check the details.</source>
        <translation>核验通过，该码真实有效。请核对屏幕上的信息。</translation>
    </message>
    <message>
        <source>Verified. Touch Print check-in slip to print the guest&apos;s slip.</source>
        <translation>核验通过。请点击打印入住凭条。</translation>
    </message>
    <message>
        <source>Not accepted. This code cannot be read. Please show the QR code from your e-ID or e-licence app.</source>
        <translation>核验未通过，无法识别该码。请出示电子身份证或电子证照应用中的二维码。</translation>
    </message>
    <message>
        <source>Not accepted. This code is out of date or was already used. Refresh it in your app and show it again.</source>
        <translation>核验未通过，该码已过期或已使用。请在应用中刷新后重新出示。</translation>
    </message>
    <message>
        <source>Not accepted. This code did not pass the security check. Please ask the staff for help.</source>
        <translation>核验未通过，该码未通过安全校验。请向工作人员求助。</translation>
    </message>
    <message>
        <source>This terminal cannot check codes at the moment. Please ask the staff for help.</source>
        <translation>本终端暂时无法核验，请向工作人员求助。</translation>
    </message>
    <message>
        <source>Printing. Please wait a moment.</source>
        <translation>正在打印，请稍候。</translation>
    </message>
    <message>
        <source>Please take your receipt and keep it. Its QR code shows the progress of your application.</source>
        <translation>请取走并保管好回执，扫描回执上的二维码可以查询办理进度。</translation>
    </message>
    <message>
        <source>Please take the check-in slip.</source>
        <translation>请取走入住凭条。</translation>
    </message>
    <message>
        <source>Your receipt could not be printed. Nothing is lost: please photograph the receipt on the screen, or write down its number.</source>
        <translation>回执未能打印，信息不会丢失。请拍下屏幕上的回执，或记下回执编号。</translation>
    </message>
    <message>
        <source>The slip could not be printed. Please photograph it on the screen, or write down its number.</source>
        <translation>凭条未能打印。请拍下屏幕上的凭条，或记下凭条编号。</translation>
    </message>
    <message>
        <source>Sorry, something went wrong. Your information has been cleared. Please start again.</source>
        <translation>抱歉，出现了问题。您的信息已清除，请重新开始。</translation>
    </message>
    <message>
        <source>This terminal is temporarily out of service. Please use another terminal, or ask the staff at the counter for help.</source>
        <translation>本终端暂停服务。请使用其他终端，或向窗口工作人员求助。</translation>
    </message>
    <message>
        <source>Are you still there? This session will end in</source>
        <translation>您还在吗？本次服务将在</translation>
    </message>
    <message>
        <source>seconds. Touch the screen to continue.</source>
        <translation>秒后结束，请触摸屏幕继续。</translation>
    </message>
    <message>
        <source>Staff have been called and will come to you.</source>
        <translation>已呼叫工作人员，请稍候，工作人员会来到您身边。</translation>
    </message>
    <message>
        <source>This terminal could not send your call. Please wave to a member of staff nearby, or go to the service desk.</source>
        <translation>本终端未能发出呼叫，请向附近的工作人员示意，或前往服务台。</translation>
    </message>
    <message>
        <source>Elder mode is on: larger text and larger buttons.</source>
        <translation>已开启长辈模式，文字和按钮更大。</translation>
    </message>
    <message>
        <source>High contrast is on.</source>
        <translation>已开启高对比度模式。</translation>
    </message>
</context>
</TS>
