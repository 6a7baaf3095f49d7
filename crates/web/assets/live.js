// A live session's page: keeps the pinned product and the questions fresh from the JSON API,
// and reloads the page when the session starts or ends.
(function(){
var root=document.getElementById('live-root');if(!root)return;
var id=root.dataset.live,status=root.dataset.status,lang=document.documentElement.lang;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
function money(m){var d=2;try{d=new Intl.NumberFormat('en',{style:'currency',currency:m.currency}).resolvedOptions().maximumFractionDigits;}catch(e){}
var s=(m.amount/Math.pow(10,d)).toFixed(d);return s+' '+m.currency;}
function card(p){var li=el('li','product-card pinned-now');var a=el('a');a.href=p.click_path;a.lang=p.product.locale;
var img=p.product.images&&p.product.images[0];if(img){var i=el('img');i.src=img.thumb_url;i.alt='';i.width=240;i.height=240;a.appendChild(i);}
a.appendChild(el('span','product-card-title',p.product.title));li.appendChild(a);
var lo=p.product.min_price,hi=p.product.max_price;li.appendChild(el('span','product-card-price',lo.amount===hi.amount?money(lo):money(lo)+' – '+money(hi)));
var b=el('a','button small',root.dataset.tShop);b.href=p.click_path;li.appendChild(b);return li;}
function tick(){
fetch('/api/v1/storefront/live/'+id+'?refresh=true&locale='+encodeURIComponent(lang)).then(function(r){return r.ok?r.json():null;}).then(function(l){
if(!l)return;if(l.status!==status){location.reload();return;}
var slot=document.getElementById('pinned-slot');if(!slot)return;slot.textContent='';
if(l.pinned){slot.appendChild(card(l.pinned));}else{var e=el('li','muted',root.dataset.tNone);slot.appendChild(e);}
}).catch(function(){});
fetch('/api/v1/storefront/live/'+id+'/questions').then(function(r){return r.ok?r.json():null;}).then(function(q){
if(!q)return;var list=document.getElementById('qa');if(!list)return;list.textContent='';
if(!q.data.length){list.appendChild(el('li','muted',root.dataset.tNoQuestions));}
q.data.forEach(function(x){var li=el('li','card');var p=el('p');p.appendChild(el('strong',null,x.buyer_name));li.appendChild(p);
li.appendChild(el('p',null,x.body));if(x.answer){var a=el('p');a.appendChild(el('strong',null,root.dataset.tAnswer+' '));a.appendChild(document.createTextNode(x.answer));li.appendChild(a);}
list.appendChild(li);});
}).catch(function(){});
}
if(status==='LIVE'||status==='SCHEDULED'){setInterval(tick,5000);}
})();
